package io.almanac.benchmarks;

/** Samples a server's RSS once a second on a daemon thread, so its peak is known. */
final class RssSampler implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  RssSampler(ServerProcess server) {
    thread =
        new Thread(
            () -> {
              while (running) {
                try {
                  server.rssKb();
                  Thread.sleep(1000);
                } catch (Exception e) {
                  return;
                }
              }
            },
            "rss-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
