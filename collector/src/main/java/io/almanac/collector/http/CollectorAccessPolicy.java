package io.almanac.collector.http;

import io.almanac.runtime.security.AccessPolicy;
import io.almanac.runtime.security.Roles;
import java.util.Set;

/**
 * The role each collector request needs when tokens are configured: {@code /health} is open; {@code
 * /admin/*} and {@code /-/*} (reload) need {@code admin}; the Prometheus API and the alert link
 * ({@code /api/v1/*}, {@code /graph}) are reads whatever the method (PromQL queries are often
 * POSTed); anything else is a read when it is a GET, HEAD or OPTIONS and a write otherwise (the AMS
 * POSTs of metrics, aggregates and container metrics).
 */
public final class CollectorAccessPolicy implements AccessPolicy {
  /** The collector's roles, least allowed first. */
  public static final Roles ROLES = Roles.of("read", "write", "admin");

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  @Override
  public String required(String method, String path) {
    if (path.equals("/health")) {
      return null;
    }
    if (path.startsWith("/admin/") || path.equals("/admin") || path.startsWith("/-/")) {
      return "admin";
    }
    if (path.startsWith("/api/v1/") || path.equals("/graph")) {
      return "read";
    }
    return READ_METHODS.contains(method) ? "read" : "write";
  }
}
