package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundAddressesTest {
    /** DNS as these tests need it: each name answers with the addresses listed. */
    private static final Map<String, List<String>> DNS = Map.of(
            "api.example.com", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "metadata.evil.example", List.of("169.254.169.254"),
            "half.evil.example", List.of("93.184.216.34", "10.0.0.7"),
            "six.evil.example", List.of("::1"),
            "mapped.evil.example", List.of("::ffff:192.168.1.1"),
            "localhost", List.of("127.0.0.1"),
            "vllm.internal", List.of("10.1.2.3"));

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> answers = DNS.get(host);
        if (answers == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[answers.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = InetAddress.getByName(answers.get(i)); // literals only: no real lookup
        }
        return addresses;
    }

    private static final OutboundAddresses STRICT = new OutboundAddresses(List.of(), OutboundAddressesTest::resolve);

    private static String refusal(OutboundAddresses guard, String url) {
        return assertThrows(OutboundAddresses.Refused.class, () -> guard.check(url), url + " was allowed").getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1",
            "172.31.255.255", "192.168.0.1", "192.168.255.255", "100.64.0.1", "100.127.255.255", "100.100.100.200",
            "169.254.169.254", "169.254.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            "::", "::1", "fe80::1", "febf:ffff::1", "fec0::1", "fc00::1", "fd00:ec2::254", "fdff::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::127.0.0.1", "::10.0.0.1",
            "64:ff9b::169.254.169.254", "64:ff9b::a00:1"})
    void internalAddressesAreNotPublic(String address) throws UnknownHostException {
        assertTrue(OutboundAddresses.whyNotPublic(InetAddress.getByName(address)).isPresent(), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1.1.1.1", "8.8.8.8", "93.184.216.34", "9.255.255.255", "11.0.0.1", "172.15.255.255", "172.32.0.1",
            "192.167.255.255", "192.169.0.1", "100.63.255.255", "100.128.0.1", "169.253.255.255", "169.255.0.1",
            "223.255.255.255", "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001::1",
            "::ffff:8.8.8.8", "64:ff9b::808:808"})
    void publicAddressesArePublic(String address) throws UnknownHostException {
        assertEquals(java.util.Optional.empty(), OutboundAddresses.whyNotPublic(InetAddress.getByName(address)), address);
    }

    @Test
    void mappedAddressesAreJudgedByTheIpv4AddressInside() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        // built from bytes, as a DNS answer would be, not through InetAddress (which unwraps it)
        assertTrue(OutboundAddresses.whyNotPublic(mapped).orElseThrow().contains("IPv4-mapped IPv6 address of 169.254.169.254"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:9000/v1", "https://10.0.0.1/v1",
            "http://[::1]:8080/v1", "http://[::ffff:127.0.0.1]/v1", "http://[0:0:0:0:0:ffff:7f00:1]/v1",
            "http://[fe80::1]/v1", "http://[fd00:ec2::254]/", "http://0.0.0.0:8080/",
            "http://localhost:8080/v1", "http://LOCALHOST/v1", "http://metadata.evil.example/v1", "http://six.evil.example/",
            "http://mapped.evil.example/", "http://half.evil.example/v1"})
    void urlsReachingInsideAreRefused(String url) {
        String why = refusal(STRICT, url);
        assertTrue(why.contains("LAUREL_OUTBOUND_ALLOW"), why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0x7f.1/", "http://0x7f000001/", "http://127.1/",
            "http://0177.0.0.1/", "http://017700000001/", "http://0x7f.0x0.0x0.0x1/", "http://10.1/v1", "http://1.2.3.4.5/"})
    void ipAddressesInUnusualFormsAreRefused(String url) {
        String why = refusal(STRICT, url);
        assertTrue(why.contains("unusual form") && why.contains("four decimal numbers"), url + ": " + why);
    }

    @Test
    void refusalsNameTheAddressAndWhy() {
        assertEquals("The URL names 169.254.169.254, a link-local address (169.254/16, where cloud metadata services"
                        + " answer). Laurel calls only public internet addresses: use the endpoint's public address, or ask"
                        + " the operator to add '169.254.169.254' to LAUREL_OUTBOUND_ALLOW.",
                refusal(STRICT, "http://169.254.169.254/v1"));
        assertTrue(refusal(STRICT, "http://half.evil.example/v1")
                .startsWith("The host 'half.evil.example' resolves to 10.0.0.7, a private network address"));
        assertTrue(refusal(STRICT, "http://localhost:8080/v1").contains("127.0.0.1, a loopback address"));
    }

    @Test
    void onlyHttpWithoutCredentialsIsCalled() {
        assertTrue(refusal(STRICT, "ftp://api.example.com/").contains("http:// or https://"));
        assertTrue(refusal(STRICT, "file:///etc/passwd").contains("http:// or https://"));
        assertTrue(refusal(STRICT, "gopher://api.example.com/").contains("http:// or https://"));
        assertTrue(refusal(STRICT, "http://api.example.com@127.0.0.1/v1").contains("user name or password"));
        assertTrue(refusal(STRICT, "https://user:secret@api.example.com/v1").contains("user name or password"));
        assertTrue(refusal(STRICT, "http:///v1").contains("no host"));
        assertTrue(refusal(STRICT, "http://exa mple.com/").contains("not valid"));
    }

    @Test
    void publicHostsPassWithEveryAddressChecked() {
        OutboundAddresses.Target target = STRICT.check("https://api.example.com/v1");
        assertEquals(2, target.addresses().size());
        assertEquals("api.example.com", target.uri().getHost());
        assertEquals(1, STRICT.check("http://93.184.216.34:8000/v1").addresses().size());
        assertEquals(1, STRICT.check("http://[2606:4700:4700::1111]/v1").addresses().size());
    }

    @Test
    void anUnknownHostIsRefusedAsUnresolved() {
        OutboundAddresses.Refused refused = assertThrows(OutboundAddresses.Refused.class, () -> STRICT.check("https://nowhere.example/v1"));
        assertTrue(refused instanceof OutboundAddresses.Unresolved);
        assertTrue(refused.getMessage().contains("'nowhere.example' has no address in DNS"), refused.getMessage());
    }

    @Test
    void theOperatorAllowsNamesAsWrittenAndAddressesAsWritten() {
        OutboundAddresses guard = new OutboundAddresses(List.of("127.0.0.1", " vllm.internal ", "10.9.0.0/16", "fd00::/8"),
                OutboundAddressesTest::resolve);
        guard.check("http://127.0.0.1:8000/v1");
        guard.check("http://vllm.internal:8000/v1");
        guard.check("http://VLLM.internal/v1");
        guard.check("http://10.9.200.1/v1");
        guard.check("http://[fd00::5]/v1");
        // what the operator did not name stays refused, even when it resolves to an allowed address
        assertTrue(refusal(guard, "http://localhost:8000/v1").contains("loopback"));
        assertTrue(refusal(guard, "http://127.0.0.2/v1").contains("loopback"));
        assertTrue(refusal(guard, "http://10.10.0.1/v1").contains("private"));
        assertTrue(refusal(guard, "http://169.254.169.254/v1").contains("link-local"));
        assertTrue(refusal(guard, "http://2130706433/v1").contains("unusual form"));
    }

    @Test
    void aNameThatChangesItsAnswerIsRefusedOnTheNextCheck() {
        String[] answer = {"93.184.216.34"};
        OutboundAddresses guard = new OutboundAddresses(List.of(),
                host -> new InetAddress[] {InetAddress.getByName(answer[0])});
        guard.check("https://rebind.example/v1");
        answer[0] = "169.254.169.254";
        assertTrue(refusal(guard, "https://rebind.example/v1").contains("resolves to 169.254.169.254"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "not a host", "http://x", "10.0.0.1/x", "0x7f.1"})
    void aMistypedAllowEntryStopsStartUp(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OutboundAddresses(List.of(entry)));
        assertTrue(e.getMessage().contains("laurel.outbound.allow"), e.getMessage());
    }
}
