package io.almanac.schema.migration;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned script.
 *
 * @param version the number after {@code V}
 * @param description the words after {@code __}
 * @param script the resource name, e.g. {@code V002__task_lost_time.sql}
 */
public record Migration(int version, String description, String script) {
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(.+)\\.sql");

  /** The migration a resource named {@code V<nnn>__<description>.sql} holds. */
  public static Migration of(String script) {
    Matcher m = NAME.matcher(script);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a migration is named V<number>__<description>.sql, not " + script);
    }
    return new Migration(Integer.parseInt(m.group(1)), m.group(2), script);
  }
}
