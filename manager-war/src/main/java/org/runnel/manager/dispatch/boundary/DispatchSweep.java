package org.runnel.manager.dispatch.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The safety net under event-driven dispatch: a non-persistent interval timer that asks for a
 * dispatch pass every {@code runnel.manager.dispatch-sweep-seconds}, and one pass at start so that
 * tasks left pending by a previous run are handed over as soon as runners come back. An interval
 * timer rather than {@code @Schedule} because the period is configuration. Attempts of silent
 * runners are taken back by {@link Liveness}.
 */
@Singleton
@Startup
public class DispatchSweep {

  @Resource TimerService timers;
  @Inject Dispatcher dispatcher;

  @Inject
  @ConfigProperty(name = "runnel.manager.dispatch-sweep-seconds")
  long sweepSeconds;

  @PostConstruct
  void start() {
    long period = Math.max(1, sweepSeconds) * 1000;
    timers.createIntervalTimer(period, period, new TimerConfig("dispatch-sweep", false));
    dispatcher.trigger();
  }

  @Timeout
  void sweep() {
    dispatcher.trigger();
  }
}
