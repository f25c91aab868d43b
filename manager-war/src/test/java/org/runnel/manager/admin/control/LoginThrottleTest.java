package org.runnel.manager.admin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final AtomicLong now = new AtomicLong(1_000_000);

  /** 3 free failures, then 1 s, 2 s, 4 s ... at most 60 s; forgotten after 1 h; 4 keys a kind. */
  private final LoginThrottle throttle =
      new LoginThrottle(
          3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(1), 4, now::get);

  private void fail(String user, String address, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(user, address);
    }
  }

  private long waitSeconds(String user, String address) {
    return throttle.waitFor(user, address).toSeconds();
  }

  @Test
  void theFirstFailuresAreFreeThenTheDelayDoublesUpToTheCap() {
    fail("admin", "10.0.0.1", 3);
    assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"));
    long[] expected = {1, 2, 4, 8, 16, 32, 60, 60, 60};
    for (long seconds : expected) {
      fail("admin", "10.0.0.1", 1);
      assertEquals(seconds, waitSeconds("admin", "10.0.0.1"));
    }
    for (int i = 0; i < 100; i++) {
      fail("admin", "10.0.0.1", 1);
    }
    assertEquals(60, waitSeconds("admin", "10.0.0.1"), "no overflow past the cap");
  }

  @Test
  void theWaitRunsOutWithTime() {
    fail("admin", "10.0.0.1", 5); // two beyond the free ones: 2 s
    assertEquals(2, waitSeconds("admin", "10.0.0.1"));
    now.addAndGet(1500);
    assertEquals(500, throttle.waitFor("admin", "10.0.0.1").toMillis());
    now.addAndGet(500);
    assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"));
  }

  @Test
  void anAccountIsThrottledFromEveryAddressAndAnAddressForEveryAccount() {
    fail("admin", "10.0.0.1", 1);
    fail("admin", "10.0.0.2", 1);
    fail("Admin ", "10.0.0.3", 1);
    fail("admin", "10.0.0.4", 1);
    assertEquals(1, waitSeconds("admin", "10.0.0.9"), "the account, from a fresh address");
    assertEquals(0, waitSeconds("ops", "10.0.0.1"), "each address failed once only");

    fail("a", "192.0.2.7", 1);
    fail("b", "192.0.2.7", 1);
    fail("c", "192.0.2.7", 1);
    fail("d", "192.0.2.7", 1);
    assertEquals(1, waitSeconds("someone-else", "192.0.2.7"), "the address, for a fresh name");
  }

  @Test
  void aSuccessClearsTheAccountAndTheAddress() {
    fail("admin", "10.0.0.1", 6);
    assertTrue(waitSeconds("admin", "10.0.0.1") > 0);
    throttle.succeeded("admin", "10.0.0.1");
    assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"));
    fail("admin", "10.0.0.1", 3);
    assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"), "counting starts afresh");
  }

  @Test
  void silentKeysAreForgotten() {
    fail("admin", "10.0.0.1", 10);
    now.addAndGet(Duration.ofHours(1).toMillis());
    assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"));
    fail("admin", "10.0.0.1", 1);
    assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"), "one failure, not eleven");
  }

  @Test
  void memoryIsBoundedAndWaitingKeysAreKeptLongest() {
    fail("admin", "10.0.0.1", 8); // waiting
    for (int i = 0; i < 1000; i++) {
      fail("guess-" + i, "10.1." + (i / 250) + "." + (i % 250), 1);
    }
    assertTrue(
        throttle.tracked() <= 8, "at most 4 accounts and 4 addresses: " + throttle.tracked());
    assertTrue(waitSeconds("admin", "10.9.9.9") > 0, "the waiting account survived the flood");
  }
}
