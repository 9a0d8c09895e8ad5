package io.almanac.collector.config;

/**
 * The HTTP listener.
 *
 * @param bind address to listen on
 * @param port port to listen on (0 = any free port)
 * @param handlerThreads request threads, as AMS's {@code timeline.metrics.service.handler.thread.count}
 */
public record HttpConfig(String bind, int port, int handlerThreads) {}
