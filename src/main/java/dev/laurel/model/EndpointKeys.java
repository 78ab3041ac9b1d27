package dev.laurel.model;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts endpoint API keys at rest with AES-GCM (random 12-byte nonce, 128-bit tag, stored as
 * base64 of nonce + ciphertext). The key comes from {@code laurel.models.secret-key} (a Secret in
 * production); the embedded default generates one once under {@code laurel.models.key-file}.
 */
@ApplicationScoped
public class EndpointKeys {
    private static final int NONCE = 12;
    private final ModelConfig config;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretKeySpec key;

    EndpointKeys(ModelConfig config) {
        this.config = config;
    }

    public String encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("API key cannot be encrypted", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, bytes, 0, NONCE));
            return new String(cipher.doFinal(bytes, NONCE, bytes.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored API key cannot be decrypted: was laurel.models.secret-key changed?");
        }
    }

    private SecretKeySpec key() {
        if (key == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(loadOrCreate(), "AES");
                }
            }
        }
        return key;
    }

    private byte[] loadOrCreate() {
        if (config.secretKey().filter(k -> !k.isBlank()).isPresent()) {
            byte[] bytes = Base64.getDecoder().decode(config.secretKey().get().strip());
            if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
                throw new IllegalStateException("laurel.models.secret-key must be base64 of 16, 24 or 32 bytes.");
            }
            return bytes;
        }
        Path file = Path.of(config.keyFile());
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), "key", ".part");
            Files.writeString(partial, Base64.getEncoder().encodeToString(bytes));
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("The endpoint key file " + file + " cannot be read or written", e);
        }
    }
}
