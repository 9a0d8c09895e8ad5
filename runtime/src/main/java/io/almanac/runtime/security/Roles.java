package io.almanac.runtime.security;

import java.util.List;

/**
 * A server's roles from least to most allowed ({@code read, write, admin}): a role may do what
 * every role before it may.
 */
public record Roles(List<String> ladder) {
  /** Copies the ladder; it must not be empty. */
  public Roles {
    ladder = List.copyOf(ladder);
    if (ladder.isEmpty()) {
      throw new IllegalArgumentException("no roles");
    }
  }

  /** The ladder of these role names, least allowed first. */
  public static Roles of(String... names) {
    return new Roles(List.of(names));
  }

  /** Whether {@code role} is one of these. */
  public boolean contains(String role) {
    return ladder.contains(role);
  }

  /** Whether {@code role} may do what {@code required} may. */
  public boolean allows(String role, String required) {
    int have = ladder.indexOf(role);
    int need = ladder.indexOf(required);
    if (need < 0) {
      throw new IllegalArgumentException("unknown role " + required + "; roles are " + ladder);
    }
    return have >= need;
  }
}
