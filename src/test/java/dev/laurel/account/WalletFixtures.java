package dev.laurel.account;

import static dev.laurel.Fixtures.as;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** Links wallets through the public API the way a browser wallet would (personal_sign of the SIWE message). */
public final class WalletFixtures {
    private WalletFixtures() {
    }

    public static String address(ECKeyPair key) {
        return Keys.toChecksumAddress("0x" + Keys.getAddress(key));
    }

    public static String challenge(String token, String address) {
        return as(token).contentType(ContentType.JSON).body(Map.of("address", address))
                .post("/api/account/wallet/challenge").then().statusCode(200).extract().path("message");
    }

    /** What {@code personal_sign} returns: r ‖ s ‖ v as hex. */
    public static String personalSign(String message, ECKeyPair key) {
        Sign.SignatureData signature = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }

    public static io.restassured.response.Response submit(String token, String message, String signature) {
        return as(token).contentType(ContentType.JSON).body(Map.of("message", message, "signature", signature))
                .post("/api/account/wallet");
    }

    /** Links the key's address to the user and returns it. */
    public static String link(String token, ECKeyPair key) {
        String message = challenge(token, address(key));
        submit(token, message, personalSign(message, key)).then().statusCode(200);
        return address(key);
    }
}
