package io.almanac.collector.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The documented configuration file, {@code conf/almanac.properties}, rendered from the key
 * declarations: every key with its default and what it means, under its section's heading. A test
 * keeps the shipped file equal to this rendering.
 */
public final class ConfigFile {
  private static final int WIDTH = 100;

  private static final String HEADER =
      String.join(
          "\n",
          "# Almanac collector configuration: a Java properties file, passed with --config.",
          "# Every key is shown with its default. A key Almanac does not know is an error that names it.",
          "# Keys named timeline.metrics.* mean what they mean in Ambari Metrics' ams-site.xml.",
          "# Rendered from the collector's ConfigKeys; ConfigLoaderTest keeps this file in step.");

  private ConfigFile() {}

  /** The whole file. */
  public static String render() {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    ConfigSection section = null;
    for (ConfigKey key : ConfigKeys.all()) {
      if (key.section() != section) {
        section = key.section();
        out.append("\n# --- ").append(section.title()).append(" ---\n");
      }
      for (String line : wrap(key.doc())) {
        out.append("# ").append(line).append('\n');
      }
      out.append(key.name()).append('=').append(escape(key.defaultValue())).append('\n');
    }
    return out.toString();
  }

  /** {@code text} in lines that fit the width after {@code "# "}. */
  static List<String> wrap(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH - 2) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** A value as a properties file writes it: a backslash doubled. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }
}
