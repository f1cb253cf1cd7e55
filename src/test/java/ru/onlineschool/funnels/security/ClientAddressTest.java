package ru.onlineschool.funnels.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which client a login attempt is counted against (see the login throttle). */
class ClientAddressTest {

  @Test
  void withoutTrustedProxiesTheSocketIsTheClientWhateverTheHeaderSays() {
    ClientAddress addresses = new ClientAddress(List.of());

    assertThat(addresses.of("203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
  }

  @Test
  void behindOurProxyTheNearestAddressWeDoNotTrustIsTheClient() {
    ClientAddress addresses = new ClientAddress(List.of("10.0.0.0/8", "192.0.2.10"));

    // The client wrote «1.1.1.1» itself; our two proxies appended what they saw.
    assertThat(addresses.of("10.1.2.3", "1.1.1.1, 203.0.113.5, 192.0.2.10")).isEqualTo("203.0.113.5");
    // A request that does not come from our proxy is not believed.
    assertThat(addresses.of("203.0.113.9", "10.1.2.3")).isEqualTo("203.0.113.9");
    // Garbage or a host name in the header: the last proxy is as far as we can see, and no DNS is asked.
    assertThat(addresses.of("10.1.2.3", "evil.example, not an address")).isEqualTo("10.1.2.3");
  }

  @Test
  void anIpv6ClientCountsAsItsWholeSlash64() {
    ClientAddress addresses = new ClientAddress(List.of());

    assertThat(addresses.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd", null))
        .isEqualTo(addresses.of("2001:db8:1:2::1", null))
        .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(addresses.of("2001:db8:1:3::1", null)).isNotEqualTo(addresses.of("2001:db8:1:2::1", null));
  }
}
