package io.almanac.collector.config;

/** The headings of the configuration file, in order. */
public enum ConfigSection {
  /** The HTTP listener. */
  HTTP("HTTP"),
  /** Where data is kept. */
  STORAGE("Storage"),
  /** The write path. */
  INGEST("Ingest"),
  /** The read path. */
  QUERY("Query"),
  /** The aggregators. */
  AGGREGATION("Aggregation"),
  /** Alert rules and their delivery. */
  ALERTING("Alerting"),
  /** How long each table keeps its rows. */
  RETENTION("Retention (TTL in seconds), applied at start and re-applied when changed");

  private final String title;

  ConfigSection(String title) {
    this.title = title;
  }

  /** The heading as the file shows it. */
  public String title() {
    return title;
  }
}
