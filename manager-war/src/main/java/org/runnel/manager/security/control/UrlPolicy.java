package org.runnel.manager.security.control;

/**
 * The manager's {@link org.runnel.shared.net.UrlPolicy}: {@link #check} for the client URLs of a
 * submission ({@code source_url}, {@code notify_url}), {@link #checkBase} for a runner's URL at
 * registration, each kind with its own switch ({@link UrlPolicyProducer}). The rules themselves are
 * shared with the runner, which applies them again to every URL and redirect it fetches; this
 * subclass only gives the manager's injection points their type.
 */
public final class UrlPolicy extends org.runnel.shared.net.UrlPolicy {

  public UrlPolicy(Scope client, Scope runner, Resolver resolver) {
    super(client, runner, resolver);
  }

  public UrlPolicy(Scope client, Scope runner) {
    super(client, runner);
  }
}
