package io.almanac.runtime.security;

/** Which role a request needs, by method and path; each server says its own. */
@FunctionalInterface
public interface AccessPolicy {
  /**
   * The least role that may make this request, or null when anyone may (a health check).
   *
   * @param method the HTTP method
   * @param path the request's path, without the query
   */
  String required(String method, String path);
}
