package ru.onlineschool.funnels.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is on the other end of a request, as the login throttle counts clients. The socket's
 * address, unless it is one of our own proxies ({@code school.login.trusted-proxies}): then the
 * nearest address in {@code X-Forwarded-For} that is not one of them (everything left of it was
 * written by the client and proves nothing). An IPv6 client counts as its /64 network: one
 * machine usually holds a whole /64 and could otherwise take a fresh address for every guess.
 */
final class ClientAddress {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Network> trustedProxies = new ArrayList<>();

  ClientAddress(List<String> trustedProxies) {
    for (String proxy : trustedProxies) {
      this.trustedProxies.add(Network.parse(proxy));
    }
  }

  /** The client's key for the throttle. */
  String of(String socketAddress, String forwardedFor) {
    InetAddress client = literal(socketAddress);
    if (client == null) {
      return socketAddress;
    }
    if (forwardedFor != null && trusted(client)) {
      String[] hops = forwardedFor.split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        InetAddress hop = literal(hops[i].trim());
        if (hop == null) {
          // Garbage in the header: the last proxy we trust is as far as we can see.
          break;
        }
        client = hop;
        if (!trusted(hop)) {
          break;
        }
      }
    }
    return key(client);
  }

  private boolean trusted(InetAddress address) {
    return trustedProxies.stream().anyMatch(network -> network.contains(address));
  }

  private static String key(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 16) {
      for (int i = 8; i < 16; i++) {
        bytes[i] = 0;
      }
      try {
        return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return address.getHostAddress();
  }

  /** An IP literal, never a name (a header must not make us ask DNS), or null. */
  static InetAddress literal(String text) {
    if (text == null) {
      return null;
    }
    String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(value);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** An address or a CIDR network. */
  private record Network(byte[] prefix, int bits) {

    static Network parse(String text) {
      String[] parts = text.trim().split("/", 2);
      InetAddress address = literal(parts[0]);
      if (address == null) {
        throw new IllegalArgumentException("school.login.trusted-proxies: «" + text + "» — не IP-адрес и не сеть вида 10.0.0.0/8");
      }
      int max = address.getAddress().length * 8;
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("school.login.trusted-proxies: неверная длина префикса в «" + text + "»");
      }
      return new Network(address.getAddress(), bits);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != prefix.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((candidate[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
