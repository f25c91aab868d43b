package org.runnel.manager.notify.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.tasks.entity.CallbackStatus;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.manager.tasks.entity.TaskFinished;

/**
 * Tells the administrator by e-mail about failures only a person can resolve: a client's callback
 * that failed for good or may not have arrived (an administrator can resend it), and a task that
 * failed because its runners kept losing it. Sent with the platform's Jakarta Mail from a managed
 * executor, so that a slow mail server delays no task. Off while {@code runnel.manager.smtp-host}
 * or {@code runnel.manager.admin-email} is empty; a mail that cannot be sent is logged, never
 * retried.
 */
@ApplicationScoped
public class AdminMail {

  private static final Logger LOG = Logger.getLogger(AdminMail.class.getName());
  private static final String TIMEOUT_MS = "10000";

  @Resource ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = "runnel.manager.smtp-host")
  Optional<String> host;

  @Inject
  @ConfigProperty(name = "runnel.manager.smtp-port")
  int port;

  @Inject
  @ConfigProperty(name = "runnel.manager.smtp-starttls")
  boolean starttls;

  @Inject
  @ConfigProperty(name = "runnel.manager.smtp-username")
  Optional<String> username;

  @Inject
  @ConfigProperty(name = "runnel.manager.smtp-password")
  Optional<String> password;

  @Inject
  @ConfigProperty(name = "runnel.manager.smtp-from")
  String from;

  @Inject
  @ConfigProperty(name = "runnel.manager.admin-email")
  Optional<String> adminEmail;

  private Session session;

  @PostConstruct
  void init() {
    if (host.filter(h -> !h.isBlank()).isEmpty()
        || adminEmail.filter(a -> !a.isBlank()).isEmpty()) {
      LOG.info(
          "E-mail to the administrator is off (runnel.manager.smtp-host or admin-email unset)");
      return;
    }
    Properties p = new Properties();
    p.put("mail.smtp.host", host.get().strip());
    p.put("mail.smtp.port", String.valueOf(port));
    p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
    p.put("mail.smtp.timeout", TIMEOUT_MS);
    p.put("mail.smtp.writetimeout", TIMEOUT_MS);
    p.put("mail.smtp.starttls.enable", String.valueOf(starttls));
    p.put("mail.smtp.starttls.required", String.valueOf(starttls));
    Authenticator login = null;
    if (username.filter(u -> !u.isBlank()).isPresent()) {
      p.put("mail.smtp.auth", "true");
      PasswordAuthentication credentials =
          new PasswordAuthentication(username.get(), password.orElse(""));
      login =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return credentials;
            }
          };
    }
    session = Session.getInstance(p, login);
  }

  void onFinished(@Observes TaskFinished event) {
    if (event.attemptsExhausted()) {
      Task t = event.task();
      send(
          "[Runnel] Task " + t.taskId() + " failed: its runners kept losing it",
          describe(t) + "\nError: " + t.error() + "\n");
    }
  }

  /** A callback ended failed or uncertain: the client may miss the outcome. */
  public void callbackFailed(Task t, CallbackStatus outcome, String problem) {
    send(
        "[Runnel] Task " + t.taskId() + " callback " + outcome.wire(),
        describe(t)
            + "\nNotify URL: "
            + t.notifyUrl()
            + "\nCallback: "
            + outcome.wire()
            + " after "
            + t.callbackAttempts()
            + " attempt(s): "
            + problem
            + "\n\nAn administrator can send it again: POST /admin-api/task/"
            + t.taskId()
            + "/resend-callback\n");
  }

  private static String describe(Task t) {
    return "Task: "
        + t.taskId()
        + "\nStatus: "
        + t.status().wire()
        + "\nType: "
        + t.taskType()
        + "\nClient: "
        + t.appName()
        + " ("
        + t.etabName()
        + ")\nAttempts: "
        + t.attempt()
        + "\n";
  }

  private void send(String subject, String text) {
    if (session == null) {
      return;
    }
    try {
      executor.execute(() -> deliver(subject, text));
    } catch (RejectedExecutionException e) {
      LOG.warning(() -> "E-mail not sent (" + subject + "): " + e.getMessage());
    }
  }

  private void deliver(String subject, String text) {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(from));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(adminEmail.get()));
      m.setSubject(subject, StandardCharsets.UTF_8.name());
      m.setText(text, StandardCharsets.UTF_8.name());
      m.setSentDate(new Date());
      Transport.send(m);
      LOG.info(() -> "E-mail sent to the administrator: " + subject);
    } catch (MessagingException | RuntimeException e) {
      LOG.log(Level.WARNING, "E-mail to the administrator failed: " + subject, e);
    }
  }
}
