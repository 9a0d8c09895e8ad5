package io.almanac.collector.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Answers the metrics POST, the collector's most frequent request, before Jersey sees it: the same
 * {@link MetricsPost} and {@link ErrorMapper} as a resource method would use, without Jersey's
 * routing, parameter injection and message-body machinery for every sink's minute. Every other
 * request on the path (the GET of series) goes on to Jersey.
 */
final class MetricsPostFilter implements Filter {
  /** The paths AMS's sinks POST to. */
  static final List<String> PATHS = List.of("/ws/v1/timeline/metrics", "/ws/v1/timeline/metrics/");

  private final MetricsPost post;
  private final ErrorMapper errors;

  MetricsPostFilter(MetricsPost post, ErrorMapper errors) {
    this.post = post;
    this.errors = errors;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest in = (HttpServletRequest) request;
    if (!"POST".equals(in.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletResponse out = (HttpServletResponse) response;
    long length = in.getContentLengthLong();
    String body;
    try {
      body =
          post.handle(
              in.getInputStream(), length < 0 ? null : length, in.getHeader("Content-Encoding"));
      out.setStatus(200);
    } catch (RuntimeException e) {
      Response failure = errors.toResponse(e);
      out.setStatus(failure.getStatus());
      for (Map.Entry<String, List<String>> h : failure.getStringHeaders().entrySet()) {
        if (!h.getKey().equalsIgnoreCase("Content-Type")) {
          h.getValue().forEach(v -> out.addHeader(h.getKey(), v));
        }
      }
      body = String.valueOf(failure.getEntity());
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.setContentType("application/json");
    out.setContentLength(bytes.length);
    out.getOutputStream().write(bytes);
  }
}
