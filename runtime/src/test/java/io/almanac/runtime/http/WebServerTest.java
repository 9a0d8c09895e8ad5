package io.almanac.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class WebServerTest {
  /** A resource that echoes a header's length, or fails. */
  @Path("/")
  public static final class Echo {
    @GET
    @Path("echo")
    public String echo(@HeaderParam("X-Long") String value) {
      return "got " + (value == null ? 0 : value.length());
    }

    @GET
    @Path("fail")
    public String fail() {
      throw new IllegalStateException("boom");
    }
  }

  /** Maps every failure to 418 so the test sees the server's own mapper was used. */
  static final class Teapot implements ExceptionMapper<IllegalStateException> {
    @Override
    public Response toResponse(IllegalStateException e) {
      return Response.status(418).entity("mapped: " + e.getMessage()).build();
    }
  }

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static HttpResponse<String> get(WebServer server, String path, String header)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (header != null) {
      request.header("X-Long", header);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesResourcesHandlersAndTheServersErrorFormat() throws Exception {
    WebServer server =
        WebServer.builder("test-http")
            .listen("127.0.0.1", 0)
            .maxThreads(8)
            .register(new Echo())
            .register(new Teapot())
            .handler(
                jetty -> {
                  ContextHandler side = new ContextHandler("/side");
                  side.setHandler(
                      new Handler.Abstract() {
                        @Override
                        public boolean handle(
                            org.eclipse.jetty.server.Request request,
                            org.eclipse.jetty.server.Response response,
                            Callback callback) {
                          response.setStatus(200);
                          response.write(
                              true,
                              java.nio.ByteBuffer.wrap("side".getBytes(StandardCharsets.UTF_8)),
                              callback);
                          return true;
                        }
                      });
                  return side;
                })
            .build();
    server.start();
    try {
      assertThat(server.port()).isPositive();
      assertThat(get(server, "/echo", null).body()).isEqualTo("got 0");
      assertThat(get(server, "/side/ping", null).body()).isEqualTo("side");
      HttpResponse<String> failed = get(server, "/fail", null);
      assertThat(failed.statusCode()).isEqualTo(418);
      assertThat(failed.body()).isEqualTo("mapped: boom");
      assertThat(failed.headers().firstValue("Server")).isEmpty();
    } finally {
      server.close();
    }
  }

  @Test
  void acceptsHeadersUpTo64KbAndRefusesLonger() throws Exception {
    WebServer server =
        WebServer.builder("test-http").listen("127.0.0.1", 0).register(new Echo()).build();
    server.start();
    try {
      String long60k = "x".repeat(60 * 1024);
      assertThat(get(server, "/echo", long60k).body()).isEqualTo("got " + long60k.length());
      assertThat(get(server, "/echo", "x".repeat(70 * 1024)).statusCode()).isEqualTo(431);
    } finally {
      server.close();
    }
  }

  @Test
  void logsEveryRequestWithTheTimeItTook(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path log = dir.resolve("requests.log");
    WebServer server =
        WebServer.builder("test-http")
            .listen("127.0.0.1", 0)
            .maxThreads(8)
            .register(new Echo())
            .requestLog(log)
            .build();
    server.start();
    try {
      assertThat(get(server, "/echo?x=1", "abc").body()).isEqualTo("got 3");
      assertThat(get(server, "/missing", null).statusCode()).isEqualTo(404);
    } finally {
      server.close(); // flushes the log
    }
    java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .matches(
            "127\\.0\\.0\\.1 - - \\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000\\]"
                + " \"GET /echo\\?x=1 HTTP/1\\.1\" 200 \\d+ \\d+");
    assertThat(lines.get(1)).contains("\"GET /missing HTTP/1.1\" 404 ");
  }
}
