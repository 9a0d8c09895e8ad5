package io.almanac.runtime.security;

import java.util.Optional;

/** Who a presented token stands for. */
@FunctionalInterface
public interface TokenLookup {
  /** The caller of {@code token}, or empty for an unknown token. */
  Optional<Caller> caller(String token);

  /** This lookup, then {@code next} for tokens this one does not know. */
  default TokenLookup orElse(TokenLookup next) {
    return token -> {
      Optional<Caller> found = caller(token);
      return found.isPresent() ? found : next.caller(token);
    };
  }
}
