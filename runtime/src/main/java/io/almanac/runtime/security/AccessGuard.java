package io.almanac.runtime.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets a request through only when its caller may make it: a token as {@code Authorization: Bearer
 * TOKEN}, or as the password of HTTP Basic (any user name; clients such as Grafana can send only
 * Basic), whose role is high enough for what the {@link AccessPolicy} asks. Missing or unknown
 * credentials get a 401 with a challenge for both schemes, a role too low a 403. A caller without
 * credentials from one of the open networks acts with the open role; one that sends credentials is
 * judged by them. The caller is left in the request attribute {@link Caller#ATTRIBUTE}.
 */
public final class AccessGuard extends Handler.Wrapper {
  private final AccessSettings settings;

  /** A guard checking by {@code settings}. */
  public AccessGuard(AccessSettings settings) {
    this.settings = settings;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String required =
        settings.policy().required(request.getMethod(), request.getHttpURI().getPath());
    if (required == null) {
      return super.handle(request, response, callback);
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    Caller caller;
    if (authorization == null) {
      caller = openCaller(request);
      // without credentials, and the open networks' role (if any) not enough: ask for them
      if (caller == null || !settings.roles().allows(caller.role(), required)) {
        return refuse(request, response, callback, 401, "credentials are required");
      }
    } else {
      Optional<String> token = token(authorization);
      if (token.isEmpty()) {
        return refuse(
            request,
            response,
            callback,
            401,
            "the Authorization header must be Bearer TOKEN or Basic with the token as password");
      }
      Optional<Caller> known = settings.tokens().caller(token.get());
      if (known.isEmpty()) {
        return refuse(request, response, callback, 401, "the token is not known");
      }
      caller = known.get();
    }
    if (!settings.roles().allows(caller.role(), required)) {
      return refuse(
          request,
          response,
          callback,
          403,
          "role " + caller.role() + " may not do this; it needs " + required + " or higher");
    }
    request.setAttribute(Caller.ATTRIBUTE, caller);
    return super.handle(request, response, callback);
  }

  private Caller openCaller(Request request) {
    if (settings.openNetworks().isEmpty()) {
      return null;
    }
    String remote = Request.getRemoteAddr(request);
    try {
      InetAddress address = InetAddress.getByName(remote); // an address literal: no lookup
      return settings.openNetworks().contains(address)
          ? new Caller("anonymous@" + remote, settings.openRole())
          : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The token of a Bearer or Basic header. */
  static Optional<String> token(String authorization) {
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
    String rest = value.substring(space + 1).strip();
    if (scheme.equals("bearer") && !rest.isEmpty()) {
      return Optional.of(rest);
    }
    if (scheme.equals("basic")) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      String password = colon < 0 ? "" : decoded.substring(colon + 1);
      return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }
    return Optional.empty();
  }

  /** Largest body of a refused request that is read (and dropped) before the answer. */
  static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

  private boolean refuse(
      Request request, Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    if (status == 401) {
      response
          .getHeaders()
          .add(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"" + settings.realm() + "\"");
      response
          .getHeaders()
          .add(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + settings.realm() + "\"");
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    String body = "{\"status\":" + status + ",\"error\":\"" + message.replace("\"", "'") + "\"}\n";
    if (request.getLength() > MAX_DISCARDED_BYTES) {
      // too much to read for nothing: answer, and the connection is closed after it
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.write(true, StandardCharsets.UTF_8.encode(body), callback);
      return true;
    }
    // The refused request's body is read and dropped first: answered while the client is still
    // sending, the client may see its connection reset instead of the answer, and a connection
    // left with unread content is closed under the client's next request.
    Content.Source.consumeAll(
        request,
        Callback.from(
            () -> response.write(true, StandardCharsets.UTF_8.encode(body), callback),
            callback::failed));
    return true;
  }
}
