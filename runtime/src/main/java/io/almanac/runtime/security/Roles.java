package io.almanac.runtime.security;

import java.util.List;

/**
 * A server's roles from least to most allowed ({@code read, write, admin}): a role may do what
 * every role before it may. A side role (the ops agents' {@code agent}) stands outside the ladder:
 * only it, and the top of the ladder, may do what it needs.
 *
 * @param ladder the ranked roles, least allowed first
 * @param side roles outside the ladder
 */
public record Roles(List<String> ladder, List<String> side) {
  /** Copies the ladder; it must not be empty. */
  public Roles {
    ladder = List.copyOf(ladder);
    side = List.copyOf(side);
    if (ladder.isEmpty()) {
      throw new IllegalArgumentException("no roles");
    }
  }

  /** The ladder of these role names, least allowed first. */
  public static Roles of(String... names) {
    return new Roles(List.of(names), List.of());
  }

  /** Whether {@code role} is one of these. */
  public boolean contains(String role) {
    return ladder.contains(role) || side.contains(role);
  }

  /** These roles with {@code role} beside the ladder. */
  public Roles withSide(String role) {
    List<String> more = new java.util.ArrayList<>(side);
    more.add(role);
    return new Roles(ladder, more);
  }

  /** Whether {@code role} may do what {@code required} may. */
  public boolean allows(String role, String required) {
    if (side.contains(required)) {
      return role.equals(required) || role.equals(ladder.get(ladder.size() - 1));
    }
    int have = ladder.indexOf(role);
    int need = ladder.indexOf(required);
    if (need < 0) {
      throw new IllegalArgumentException(
          "unknown role " + required + "; roles are " + ladder + " and " + side);
    }
    return have >= need;
  }
}
