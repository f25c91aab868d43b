package org.runnel.manager.notify.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/** Picks up callbacks a previous run of the manager left pending (see {@link Notifier#resume}). */
@Singleton
@Startup
public class CallbackRecovery {

  @Inject Notifier notifier;

  @PostConstruct
  void resume() {
    notifier.resume();
  }
}
