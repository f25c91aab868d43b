package org.runnel.manager.notify.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;
import org.runnel.manager.notify.control.CallbackOutcome.Kind;

class CallbackOutcomeTest {

  @Test
  void retriesOnlyWhenTheClientSurelyDidNotProcess() {
    assertEquals(Kind.RETRY, CallbackOutcome.ofException(new ConnectException("refused")));
    assertEquals(Kind.RETRY, CallbackOutcome.ofException(new HttpConnectTimeoutException("c")));
    assertEquals(Kind.RETRY, CallbackOutcome.ofStatus(502));
    assertEquals(Kind.RETRY, CallbackOutcome.ofStatus(503));
    assertEquals(Kind.RETRY, CallbackOutcome.ofStatus(504));
    assertEquals(Kind.RETRY, CallbackOutcome.ofStatus(404), "Pod before it saved the task id");
    assertEquals(Kind.RETRY, CallbackOutcome.ofStatus(429));
  }

  @Test
  void aReadTimeoutIsUncertainNotResent() {
    assertEquals(Kind.UNCERTAIN, CallbackOutcome.ofException(new HttpTimeoutException("read")));
    assertEquals(Kind.UNCERTAIN, CallbackOutcome.ofException(new IOException("reset")));
  }

  @Test
  void otherAnswersAreFinal() {
    assertEquals(Kind.DELIVERED, CallbackOutcome.ofStatus(200));
    assertEquals(Kind.DELIVERED, CallbackOutcome.ofStatus(204));
    assertEquals(Kind.FAILED, CallbackOutcome.ofStatus(500));
    assertEquals(Kind.FAILED, CallbackOutcome.ofStatus(401));
    assertEquals(Kind.FAILED, CallbackOutcome.ofStatus(403));
    assertEquals(Kind.FAILED, CallbackOutcome.ofStatus(400));
  }
}
