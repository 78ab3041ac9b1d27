package dev.laurel.account;

import dev.laurel.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Links a wallet to a user with Sign-In With Ethereum (EIP-4361): the server issues a message with a
 * one-time nonce; the person signs it with {@code personal_sign}; the server checks domain, URI, chain,
 * nonce, expiry and that the recovered signer is the address in the message. Payouts go only to linked wallets.
 */
@ApplicationScoped
public class Wallets {
    public static final String STATEMENT = "Link this wallet to your Laurel account to receive token rewards.";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NONCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final WalletConfig config;
    private final Clock clock;

    Wallets(WalletConfig config) {
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    public record Challenge(String nonce, String message, Instant expiresAt) {
    }

    @Transactional
    public Challenge challenge(User user, String address) {
        if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
            throw Problem.badRequest("'address' must be an EVM address: 0x followed by 40 hex digits.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        WalletChallenge challenge = new WalletChallenge();
        challenge.userId = user.id;
        challenge.nonce = nonce();
        challenge.address = Keys.toChecksumAddress(address);
        challenge.issuedAt = now;
        challenge.expiresAt = now.plus(config.challengeLifetime());
        challenge.message = new SiweMessage(config.domain(), challenge.address, STATEMENT, config.uri(), "1",
                config.chainId(), challenge.nonce, challenge.issuedAt, challenge.expiresAt).format();
        challenge.persist();
        return new Challenge(challenge.nonce, challenge.message, challenge.expiresAt);
    }

    @Transactional
    public WalletLink link(User user, String text, String signature) {
        SiweMessage message;
        try {
            message = SiweMessage.parse(text);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
        if (!config.domain().equals(message.domain()) || !config.uri().equals(message.uri())) {
            throw Problem.badRequest("The message was made for " + message.domain() + ", not for this site (" + config.domain() + ").");
        }
        if (message.chainId() != config.chainId()) {
            throw Problem.badRequest("The message is for chain " + message.chainId() + "; payouts happen on chain " + config.chainId() + ".");
        }
        WalletChallenge challenge = WalletChallenge.find("nonce", message.nonce()).firstResult();
        if (challenge == null || challenge.userId != user.id) {
            throw Problem.badRequest("This nonce was not issued to you; ask for a new message.");
        }
        if (challenge.usedAt != null) {
            throw Problem.conflict("This message was already used; ask for a new one.");
        }
        Instant now = clock.instant();
        if (now.isAfter(challenge.expiresAt) || now.isAfter(message.expirationTime())) {
            throw Problem.badRequest("The message expired at " + challenge.expiresAt + "; ask for a new one.");
        }
        if (!challenge.message.equals(message.format())) {
            throw Problem.badRequest("The message differs from the one issued with this nonce.");
        }
        String signer = recover(text, signature);
        if (!signer.equalsIgnoreCase(message.address())) {
            throw Problem.badRequest("The signature was made by " + signer + ", not by " + message.address() + ".");
        }
        challenge.usedAt = now;
        String address = Keys.toChecksumAddress(signer);
        WalletLink taken = WalletLink.find("lower(address) = ?1", address.toLowerCase()).firstResult();
        if (taken != null && taken.userId != user.id) {
            throw Problem.conflict("This wallet is linked to another account.");
        }
        WalletLink link = WalletLink.find("userId", user.id).firstResult();
        if (link == null) {
            link = new WalletLink();
            link.userId = user.id;
        }
        link.address = address;
        link.chainId = message.chainId();
        link.linkedAt = now;
        link.persist();
        return link;
    }

    public Optional<WalletLink> walletOf(User user) {
        return WalletLink.find("userId", user.id).firstResultOptional();
    }

    /** Linked addresses of the given users; users without a wallet are absent. */
    public Map<Long, String> addressesOf(Collection<Long> userIds) {
        Map<Long, String> addresses = new HashMap<>();
        if (userIds.isEmpty()) {
            return addresses;
        }
        List<WalletLink> links = WalletLink.list("userId in ?1", List.copyOf(userIds));
        links.forEach(l -> addresses.put(l.userId, l.address));
        return addresses;
    }

    /** EIP-191 {@code personal_sign}: the address whose key signed "\x19Ethereum Signed Message:\n" + len + text. */
    static String recover(String text, String signature) {
        byte[] bytes;
        try {
            bytes = Numeric.hexStringToByteArray(signature);
        } catch (RuntimeException e) {
            throw Problem.badRequest("'signature' must be hex.");
        }
        if (bytes.length != 65) {
            throw Problem.badRequest("'signature' must be 65 bytes (r, s, v) in hex.");
        }
        byte v = bytes[64];
        if (v < 27) {
            v += 27; // some wallets send the recovery id (0/1) instead of 27/28
        }
        Sign.SignatureData data = new Sign.SignatureData(v, Arrays.copyOfRange(bytes, 0, 32), Arrays.copyOfRange(bytes, 32, 64));
        try {
            BigInteger key = Sign.signedPrefixedMessageToKey(text.getBytes(StandardCharsets.UTF_8), data);
            return "0x" + Keys.getAddress(key);
        } catch (SignatureException | IllegalArgumentException e) {
            throw Problem.badRequest("The signature does not match the message.");
        }
    }

    private static String nonce() {
        StringBuilder nonce = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            nonce.append(NONCE_ALPHABET.charAt(RANDOM.nextInt(NONCE_ALPHABET.length())));
        }
        return nonce.toString();
    }
}
