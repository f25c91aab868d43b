package org.runnel.manager.security.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.runnel.manager.storage.control.Stores;
import org.runnel.shared.store.OwnerOnly;

/**
 * The manager's one secret for the tokens it issues (admin pages): an issued token is {@code
 * HMAC-SHA256(key, credential id)}, so the manager can present it again (the client's callback
 * carries the token the client submitted with; calls to a runner carry the runner's) while its
 * records hold only the credential's id and the token's hash. The key lives in {@code
 * runnel.manager.credential-key-file} (default {@code <data-dir>/credential.key}), created {@code
 * 0600} with 256 random bits on first start. Losing it makes every issued token unusable for
 * callbacks and runner calls (they still authenticate: the hashes are kept): issue new ones.
 */
@ApplicationScoped
public class CredentialKey {

  private static final Logger LOG = Logger.getLogger(CredentialKey.class.getName());
  private static final String ALGORITHM = "HmacSHA256";

  @Inject Stores stores;

  @Inject
  @ConfigProperty(name = "runnel.manager.credential-key-file")
  Optional<String> keyFile;

  private SecretKeySpec key;

  @PostConstruct
  void load() {
    Path file =
        keyFile
            .map(String::strip)
            .filter(f -> !f.isEmpty())
            .map(Path::of)
            .orElseGet(() -> stores.dataFolder().resolve("credential.key"));
    try {
      key = new SecretKeySpec(read(file), ALGORITHM);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the credential key " + file, e);
    }
  }

  /** The key in {@code file}, made first when there is none. */
  static byte[] read(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      OwnerOnly.folders(file.toAbsolutePath().getParent());
      try (FileChannel out =
          OwnerOnly.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(
            ByteBuffer.wrap(
                Base64.getEncoder().encodeToString(fresh).getBytes(StandardCharsets.US_ASCII)));
        out.force(true);
        LOG.info(() -> "Created the credential key " + file);
      } catch (FileAlreadyExistsException raced) {
        // another manager on the same folder made it first: read theirs
      }
    }
    byte[] k =
        Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    if (k.length < 16) {
      throw new IOException("the key is shorter than 128 bits");
    }
    return k;
  }

  /** The token of the issued credential {@code id}. */
  public String tokenFor(String id) {
    return tokenFor(key, id);
  }

  static String tokenFor(SecretKeySpec key, String id) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] d = mac.doFinal(("runnel-issued-token:" + id).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " missing from the JDK", e);
    }
  }
}
