/**
 * What Almanac's servers run on: {@link io.almanac.runtime.http.WebServer} (Jetty + Jersey, the one
 * place a Jetty server is built), {@link io.almanac.runtime.Lifecycle} (what a server owns, closed
 * in reverse order) and {@link io.almanac.runtime.ServerMain} (signals, fatal errors, exit codes).
 */
package io.almanac.runtime;
