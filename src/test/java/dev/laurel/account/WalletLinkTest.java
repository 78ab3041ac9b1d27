package dev.laurel.account;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.equalToIgnoringCase;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

@QuarkusTest
class WalletLinkTest {

    private static ECKeyPair newKey() throws Exception {
        return Keys.createEcKeyPair();
    }

    @Test
    void aSignedChallengeLinksTheWallet() throws Exception {
        Fixtures.User labeler = Fixtures.labeler();
        ECKeyPair key = newKey();
        as(labeler.token()).get("/api/account/wallet").then().statusCode(404).body("detail", containsString("not linked"));
        String message = WalletFixtures.challenge(labeler.token(), WalletFixtures.address(key));
        WalletFixtures.submit(labeler.token(), message, WalletFixtures.personalSign(message, key))
                .then().statusCode(200).body("address", equalTo(WalletFixtures.address(key))).body("chainId", equalTo(31337));
        as(labeler.token()).get("/api/account/wallet").then().statusCode(200)
                .body("address", equalToIgnoringCase(WalletFixtures.address(key)));
    }

    @Test
    void aReplayedMessageIsRejected() throws Exception {
        Fixtures.User labeler = Fixtures.labeler();
        ECKeyPair key = newKey();
        String message = WalletFixtures.challenge(labeler.token(), WalletFixtures.address(key));
        String signature = WalletFixtures.personalSign(message, key);
        WalletFixtures.submit(labeler.token(), message, signature).then().statusCode(200);
        WalletFixtures.submit(labeler.token(), message, signature).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already used"));
    }

    @Test
    void aSignatureByAnotherKeyIsRejected() throws Exception {
        Fixtures.User labeler = Fixtures.labeler();
        String message = WalletFixtures.challenge(labeler.token(), WalletFixtures.address(newKey()));
        WalletFixtures.submit(labeler.token(), message, WalletFixtures.personalSign(message, newKey()))
                .then().statusCode(400).body("detail", containsString("signature was made by"));
    }

    @Test
    void wrongDomainWrongChainAndTamperedMessagesAreRejected() throws Exception {
        Fixtures.User labeler = Fixtures.labeler();
        ECKeyPair key = newKey();
        String message = WalletFixtures.challenge(labeler.token(), WalletFixtures.address(key));
        String phishing = message.replaceFirst("^localhost:8080", "evil.example");
        WalletFixtures.submit(labeler.token(), phishing, WalletFixtures.personalSign(phishing, key))
                .then().statusCode(400).body("detail", containsString("not for this site"));
        String otherChain = message.replace("Chain ID: 31337", "Chain ID: 1");
        WalletFixtures.submit(labeler.token(), otherChain, WalletFixtures.personalSign(otherChain, key))
                .then().statusCode(400).body("detail", containsString("chain 1"));
        String later = message.replaceFirst("Expiration Time: .*", "Expiration Time: 2999-01-01T00:00:00Z");
        WalletFixtures.submit(labeler.token(), later, WalletFixtures.personalSign(later, key))
                .then().statusCode(400).body("detail", containsString("differs"));
    }

    @Test
    void someoneElsesNonceIsRejected() throws Exception {
        Fixtures.User first = Fixtures.labeler();
        Fixtures.User second = Fixtures.labeler();
        ECKeyPair key = newKey();
        String message = WalletFixtures.challenge(first.token(), WalletFixtures.address(key));
        WalletFixtures.submit(second.token(), message, WalletFixtures.personalSign(message, key))
                .then().statusCode(400).body("detail", containsString("not issued to you"));
    }

    @Test
    void oneWalletBelongsToOneAccount() throws Exception {
        ECKeyPair key = newKey();
        WalletFixtures.link(Fixtures.labeler().token(), key);
        Fixtures.User other = Fixtures.labeler();
        String message = WalletFixtures.challenge(other.token(), WalletFixtures.address(key));
        WalletFixtures.submit(other.token(), message, WalletFixtures.personalSign(message, key))
                .then().statusCode(409).body("detail", containsString("another account"));
    }
}
