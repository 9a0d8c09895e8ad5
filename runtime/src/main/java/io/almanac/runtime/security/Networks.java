package io.almanac.runtime.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of networks in CIDR form ({@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code fd00::/8}); a
 * plain address is a network of one. Addresses only: host names are refused, so nothing is looked
 * up.
 */
public final class Networks {
  private record Network(byte[] prefix, int bits) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (prefix[full] & mask);
    }
  }

  private final List<Network> networks;
  private final String text;

  private Networks(List<Network> networks, String text) {
    this.networks = List.copyOf(networks);
    this.text = text;
  }

  /** No network. */
  public static Networks none() {
    return new Networks(List.of(), "");
  }

  /**
   * The networks of a comma-separated list.
   *
   * @throws IllegalArgumentException naming the entry that is not an address or CIDR network
   */
  public static Networks parse(String list) {
    List<Network> out = new ArrayList<>();
    for (String raw : list.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] bytes = literal(address, entry);
      int bits = bytes.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > bytes.length * 8) {
          throw new IllegalArgumentException(
              "'" + entry + "': the prefix length must be 0 to " + bytes.length * 8);
        }
      }
      out.add(new Network(bytes, bits));
    }
    return new Networks(out, list.strip());
  }

  private static byte[] literal(String address, String entry) {
    boolean v4 = address.matches("[0-9.]+") && address.chars().filter(c -> c == '.').count() == 3;
    boolean v6 = address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      throw new IllegalArgumentException(
          "'" + entry + "' is not an IP address or CIDR network (10.0.0.0/8, fd00::/8)");
    }
    try {
      return InetAddress.getByName(address).getAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + entry + "' is not an IP address: " + e.getMessage());
    }
  }

  /** Whether {@code address} is in one of the networks. */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Network n : networks) {
      if (n.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the list is empty. */
  public boolean isEmpty() {
    return networks.isEmpty();
  }

  @Override
  public String toString() {
    return text;
  }
}
