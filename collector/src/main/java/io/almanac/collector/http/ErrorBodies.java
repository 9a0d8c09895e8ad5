package io.almanac.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Error answers in the shape of the YARN web framework AMS runs on: {@code
 * {"RemoteException":{"exception":..., "message":..., "javaClassName":...}}}. The exception name
 * matters: the Ambari server looks for {@code PrecisionLimitExceededException} in a 400 body.
 */
final class ErrorBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorBodies() {}

  static Response response(int status, String exception, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode inner = root.putObject("RemoteException");
    inner.put("exception", exception);
    inner.put("message", message);
    inner.put("javaClassName", javaClassName(exception));
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(root.toString())
        .build();
  }

  private static String javaClassName(String exception) {
    switch (exception) {
      case "BadRequestException":
        return "jakarta.ws.rs.BadRequestException";
      case "IllegalArgumentException":
        return "java.lang.IllegalArgumentException";
      case "PrecisionLimitExceededException":
        return "io.almanac.collector.query.PrecisionLimitExceededException";
      default:
        return "io.almanac.collector." + exception;
    }
  }
}
