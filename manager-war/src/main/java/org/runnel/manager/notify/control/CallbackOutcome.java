package org.runnel.manager.notify.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

/**
 * Reads the result of one callback attempt. A callback is resent only when the client surely did
 * not process it: the connection was refused or not established in time, a proxy in front of the
 * client answered 502, 503 or 504, or the client answered 404 (Pod does when the callback of a task
 * that failed at once arrives before it has saved the task id its submission returned), 408 or 429.
 * A read timeout is the opposite case: Pod imports the results inside the callback, so the call may
 * be taking long precisely because it worked. Resending then would make Pod import twice.
 */
public final class CallbackOutcome {

  /** What to do after an attempt. */
  public enum Kind {
    DELIVERED,
    RETRY,
    FAILED,
    UNCERTAIN
  }

  private CallbackOutcome() {}

  public static Kind ofStatus(int status) {
    if (status / 100 == 2) {
      return Kind.DELIVERED;
    }
    return switch (status) {
      case 404, 408, 429, 502, 503, 504 -> Kind.RETRY;
      default -> Kind.FAILED;
    };
  }

  public static Kind ofException(IOException e) {
    return e instanceof ConnectException || e instanceof HttpConnectTimeoutException
        ? Kind.RETRY
        : Kind.UNCERTAIN;
  }
}
