package io.almanac.alerting.rules;

import java.util.List;

/**
 * A group of rules, evaluated in order at one interval.
 *
 * @param file the file the group came from
 * @param name the group's name, unique in its file
 * @param intervalMs how often the group is evaluated
 * @param limit at most this many alerts or series per rule (0 = no limit)
 * @param rules the rules, in file order
 */
public record RuleGroup(String file, String name, long intervalMs, int limit, List<Rule> rules) {
  /** Copies the list. */
  public RuleGroup {
    rules = List.copyOf(rules);
  }

  /** What identifies the group among all loaded: file and name. */
  public String key() {
    return file + ";" + name;
  }
}
