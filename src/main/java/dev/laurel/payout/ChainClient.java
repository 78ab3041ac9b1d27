package dev.laurel.payout;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The reward contracts over JSON-RPC with web3j: calls are hand-encoded with {@link FunctionEncoder}
 * (no generated wrappers), transactions are EIP-1559, signed locally, and every RPC call is retried
 * on transient failures. Signing and broadcasting are separate steps so the publisher can persist a
 * signed transaction (hash + nonce) before it leaves the process.
 */
public class ChainClient {
    /** A transaction signed but maybe not yet sent: re-broadcasting {@code raw} can never make a second one. */
    public record SignedTransaction(String hash, String raw, long nonce, BigInteger gasLimit, BigInteger maxFee,
                                    BigInteger priorityFee) {
    }

    /** {@code EpochDistributor.epochs(n)}; a zero root means "not published". */
    public record EpochOnChain(String root, String provenance, BigInteger total, BigInteger unclaimed, long deadline,
                               boolean swept) {
        public boolean isPublished() {
            return !Numeric.toBigInt(root).equals(BigInteger.ZERO);
        }
    }

    /** One {@code Claimed(epoch, account, amount)} log of the distributor. */
    public record ClaimLog(long epoch, String account, BigInteger amount, String txHash, long block) {
    }

    public record Settings(int confirmations, Duration receiptTimeout, Duration pollInterval, int rpcAttempts) {
        public static Settings of(ChainConfig config) {
            return new Settings(config.confirmations(), config.receiptTimeout(), config.pollInterval(), config.rpcAttempts());
        }
    }

    private static final java.util.regex.Pattern REVERT_HEX = java.util.regex.Pattern.compile("0x[0-9a-fA-F]{8,}");
    private static final BigInteger ONE_GWEI = BigInteger.valueOf(1_000_000_000L);
    private static final Map<String, String> ERRORS = errorSelectors(
            "EpochAlreadyPublished(uint256)", "EpochNotPublished(uint256)", "InvalidRoot()", "InvalidDeadline(uint64)",
            "TotalTooLarge(uint256)", "InsufficientBalance(uint256,uint256)", "AlreadyClaimed(uint256,address)",
            "InvalidProof()", "ClaimDeadlinePassed(uint256,uint64)", "ExceedsEpochTotal(uint256,uint256,uint256)",
            "DeadlineNotReached(uint256,uint64)", "AlreadySwept(uint256)", "ZeroAddress()", "EnforcedPause()",
            "OwnableUnauthorizedAccount(address)", "AccessControlUnauthorizedAccount(address,bytes32)",
            "ERC20InsufficientBalance(address,uint256,uint256)", "OwnableInvalidOwner(address)");

    private final Web3j web3j;
    private final Credentials signer;
    private final long chainId;
    private final String token;
    private final String distributor;
    private final Settings settings;
    /** One signer, one nonce sequence: signing and broadcasting of this signer's transactions never interleave. */
    private final ReentrantLock nonceLock;

    private ChainClient(Web3j web3j, Credentials signer, long chainId, String token, String distributor, Settings settings,
                        ReentrantLock nonceLock) {
        this.web3j = web3j;
        this.signer = signer;
        this.chainId = chainId;
        this.token = token;
        this.distributor = distributor;
        this.settings = settings;
        this.nonceLock = nonceLock;
    }

    public static ChainClient connect(String rpcUrl, String signerKey, long chainId, String token, String distributor,
                                      Settings settings) {
        return new ChainClient(Web3j.build(new HttpService(rpcUrl)), Credentials.create(signerKey), chainId, token,
                distributor, settings, new ReentrantLock());
    }

    /** The same connection and contracts, another signer (a labeler claiming, a relayer). */
    public ChainClient as(Credentials other) {
        return new ChainClient(web3j, other, chainId, token, distributor, settings, new ReentrantLock());
    }

    /** The same connection and signer, other contract addresses (right after deploying them). */
    public ChainClient at(String newToken, String newDistributor) {
        return new ChainClient(web3j, signer, chainId, newToken, newDistributor, settings, nonceLock);
    }

    public String signerAddress() {
        return signer.getAddress();
    }

    public long chainId() {
        return chainId;
    }

    public String token() {
        return token;
    }

    public String distributor() {
        return distributor;
    }

    public Settings settings() {
        return settings;
    }

    public Web3j web3j() {
        return web3j;
    }

    public void shutdown() {
        web3j.shutdown();
    }

    // ---- encoding (pure) ----

    public static String encodePublish(long epoch, String root, BigInteger total, long deadline, String provenance) {
        return FunctionEncoder.encode(new Function("publishEpoch", List.of(new Uint256(epoch), bytes32(root),
                new Uint256(total), new Uint64(deadline), bytes32(provenance)), List.of()));
    }

    public static String encodeClaim(long epoch, String account, BigInteger amount, List<String> proof) {
        List<Bytes32> nodes = proof.stream().map(ChainClient::bytes32).toList();
        return FunctionEncoder.encode(new Function("claim", List.of(new Uint256(epoch), new Address(account),
                new Uint256(amount), new DynamicArray<>(Bytes32.class, nodes)), List.of()));
    }

    public static String encodeSweep(long epoch, String to) {
        return FunctionEncoder.encode(new Function("sweep", List.of(new Uint256(epoch), new Address(to)), List.of()));
    }

    public static String encodeMint(String to, BigInteger amount) {
        return FunctionEncoder.encode(new Function("mint", List.of(new Address(to), new Uint256(amount)), List.of()));
    }

    public static String encodeGrantRole(String role, String account) {
        return FunctionEncoder.encode(new Function("grantRole", List.of(bytes32(role), new Address(account)), List.of()));
    }

    private static Bytes32 bytes32(String hex) {
        return new Bytes32(Numeric.hexStringToByteArray(hex));
    }

    // ---- reads ----

    public EpochOnChain epoch(long epoch) {
        List<Type> out = call(distributor, new Function("epochs", List.of(new Uint256(epoch)), List.of(
                new TypeReference<Bytes32>() { }, new TypeReference<Bytes32>() { }, new TypeReference<Uint256>() { },
                new TypeReference<Uint128>() { }, new TypeReference<Uint64>() { }, new TypeReference<Bool>() { })));
        return new EpochOnChain(Numeric.toHexString((byte[]) out.get(0).getValue()),
                Numeric.toHexString((byte[]) out.get(1).getValue()), (BigInteger) out.get(2).getValue(),
                (BigInteger) out.get(3).getValue(), ((BigInteger) out.get(4).getValue()).longValueExact(),
                (Boolean) out.get(5).getValue());
    }

    public BigInteger tokenBalance(String account) {
        return (BigInteger) call(token, new Function("balanceOf", List.of(new Address(account)),
                List.of(new TypeReference<Uint256>() { }))).get(0).getValue();
    }

    /** Tokens the distributor holds that no published epoch has promised yet. */
    public BigInteger availableForNewEpochs() {
        BigInteger outstanding = (BigInteger) call(distributor, new Function("outstanding", List.of(),
                List.of(new TypeReference<Uint256>() { }))).get(0).getValue();
        return tokenBalance(distributor).subtract(outstanding).max(BigInteger.ZERO);
    }

    public boolean isClaimed(long epoch, String account) {
        return (Boolean) call(distributor, new Function("isClaimed", List.of(new Uint256(epoch), new Address(account)),
                List.of(new TypeReference<Bool>() { }))).get(0).getValue();
    }

    @SuppressWarnings("rawtypes")
    private List<Type> call(String to, Function function) {
        var response = rpc("eth_call " + function.getName(), () -> web3j.ethCall(
                Transaction.createEthCallTransaction(signer.getAddress(), to, FunctionEncoder.encode(function)),
                DefaultBlockParameterName.LATEST));
        if (response.hasError() || response.isReverted()) {
            String data = response.hasError() && response.getError().getData() != null
                    ? response.getError().getData().toString() : response.getRevertReason();
            throw rejected(function.getName(), data, response.hasError() ? response.getError().getMessage() : null);
        }
        return FunctionReturnDecoder.decode(response.getValue(), function.getOutputParameters());
    }

    static final String CLAIMED_TOPIC = Hash.sha3String("Claimed(uint256,address,uint256)");

    /** The distributor's {@code Claimed} logs in the inclusive block range, oldest first. */
    public List<ClaimLog> claimLogs(long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), distributor);
        filter.addSingleTopic(CLAIMED_TOPIC);
        var response = rpc("eth_getLogs", () -> web3j.ethGetLogs(filter));
        if (response.hasError()) {
            throw new ChainUnavailable("The chain's RPC endpoint refused eth_getLogs for blocks " + fromBlock + "–" + toBlock
                    + ": " + response.getError().getMessage());
        }
        List<ClaimLog> logs = new ArrayList<>();
        for (EthLog.LogResult<?> result : response.getLogs()) {
            Log log = (Log) result.get();
            if (log.isRemoved() || log.getTopics().size() < 3) {
                continue;
            }
            logs.add(new ClaimLog(Numeric.toBigInt(log.getTopics().get(1)).longValueExact(),
                    Keys.toChecksumAddress("0x" + log.getTopics().get(2).substring(26)),
                    Numeric.toBigInt(log.getData()), log.getTransactionHash(), log.getBlockNumber().longValueExact()));
        }
        return logs;
    }

    public long blockNumber() {
        return rpc("eth_blockNumber", web3j::ethBlockNumber).getBlockNumber().longValueExact();
    }

    /** Nonce of the next transaction once all mined ones are counted (pending ones excluded). */
    public long minedNonce() {
        return rpc("eth_getTransactionCount", () -> web3j.ethGetTransactionCount(signer.getAddress(),
                DefaultBlockParameterName.LATEST)).getTransactionCount().longValueExact();
    }

    private long pendingNonce() {
        return rpc("eth_getTransactionCount", () -> web3j.ethGetTransactionCount(signer.getAddress(),
                DefaultBlockParameterName.PENDING)).getTransactionCount().longValueExact();
    }

    public Optional<TransactionReceipt> receipt(String hash) {
        return rpc("eth_getTransactionReceipt", () -> web3j.ethGetTransactionReceipt(hash)).getTransactionReceipt();
    }

    // ---- writes ----

    /** Holds this signer's nonce sequence while {@code work} signs and broadcasts. */
    public <T> T withNonceLock(Supplier<T> work) {
        nonceLock.lock();
        try {
            return work.get();
        } finally {
            nonceLock.unlock();
        }
    }

    /**
     * Signs a call of {@code to} (null to deploy) with the next pending nonce and EIP-1559 fees. Gas is
     * estimated first, so a call the contract would revert fails here, with its custom error decoded,
     * before anything is signed or sent.
     */
    public SignedTransaction sign(String to, String data) {
        return sign(to, data, pendingNonce());
    }

    public SignedTransaction sign(String to, String data, long nonce) {
        var estimate = rpc("eth_estimateGas", () -> web3j.ethEstimateGas(
                new Transaction(signer.getAddress(), null, null, null, to, BigInteger.ZERO, data)));
        if (estimate.hasError()) {
            Object revert = estimate.getError().getData();
            throw rejected(to == null ? "deploy" : "transaction", revert == null ? null : revert.toString(),
                    estimate.getError().getMessage());
        }
        // 20 % headroom: state can move between estimation and inclusion (e.g. a proof one level deeper)
        BigInteger gasLimit = estimate.getAmountUsed().multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN);
        BigInteger priority = priorityFee();
        BigInteger baseFee = baseFee();
        // twice the base fee survives six full blocks of +12.5 % before the transaction stops being includable
        BigInteger maxFee = baseFee.multiply(BigInteger.TWO).add(priority);
        return signWith(to, data, nonce, gasLimit, maxFee, priority);
    }

    /**
     * The same call with the same nonce and gas limit, both EIP-1559 fees raised by at least 12.5 % (nodes refuse a
     * replacement below +10 %) or to what the market asks now if that is more. Whichever of the two gets mined, the
     * nonce is spent once: a replacement can never become a second transaction.
     */
    public SignedTransaction replacement(SignedTransaction previous, String to, String data) {
        BigInteger priority = bumped(previous.priorityFee()).max(priorityFee());
        BigInteger baseFee = baseFee();
        BigInteger maxFee = bumped(previous.maxFee()).max(baseFee.multiply(BigInteger.TWO).add(priority)).max(priority);
        return signWith(to, data, previous.nonce(), previous.gasLimit(), maxFee, priority);
    }

    /** +12.5 %, rounded up, and at least +1 wei. */
    static BigInteger bumped(BigInteger fee) {
        return fee.multiply(BigInteger.valueOf(9)).add(BigInteger.valueOf(7)).divide(BigInteger.valueOf(8))
                .max(fee.add(BigInteger.ONE));
    }

    private BigInteger baseFee() {
        EthBlock.Block latest = rpc("eth_getBlockByNumber", () -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        return latest.getBaseFeePerGas() == null ? BigInteger.ZERO : latest.getBaseFeePerGas();
    }

    private SignedTransaction signWith(String to, String data, long nonce, BigInteger gasLimit, BigInteger maxFee,
                                       BigInteger priority) {
        RawTransaction raw = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), gasLimit,
                to == null ? "" : to, BigInteger.ZERO, data, priority, maxFee);
        byte[] signed = TransactionEncoder.signMessage(raw, signer);
        return new SignedTransaction(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), nonce,
                gasLimit, maxFee, priority);
    }

    private BigInteger priorityFee() {
        try {
            var tip = web3j.ethMaxPriorityFeePerGas().send();
            if (!tip.hasError() && tip.getMaxPriorityFeePerGas() != null) {
                return tip.getMaxPriorityFeePerGas().max(BigInteger.ONE);
            }
        } catch (IOException | RuntimeException e) {
            // not every node implements it; a 1 gwei tip is a safe default
        }
        return ONE_GWEI;
    }

    /**
     * Sends a signed transaction. Sending the same bytes again is harmless: a node that already has it
     * answers "already known", one that mined it answers "nonce too low"; both are success here because
     * the caller decides by the receipt.
     */
    public void broadcast(SignedTransaction tx) {
        var sent = rpc("eth_sendRawTransaction", () -> web3j.ethSendRawTransaction(tx.raw()));
        if (sent.hasError()) {
            String message = sent.getError().getMessage() == null ? "" : sent.getError().getMessage().toLowerCase();
            if (message.contains("already known") || message.contains("already imported")
                    || message.contains("nonce too low") || message.contains("known transaction")) {
                return;
            }
            throw new ChainRejected(null, "The node refused transaction " + tx.hash() + ": " + sent.getError().getMessage());
        }
    }

    /** Waits until the transaction is mined and has the configured confirmations; fails if it reverted. */
    public TransactionReceipt awaitConfirmed(String hash) {
        long deadline = System.nanoTime() + settings.receiptTimeout().toNanos();
        while (true) {
            Optional<TransactionReceipt> receipt = receipt(hash);
            if (receipt.isPresent()) {
                TransactionReceipt r = receipt.get();
                if (!r.isStatusOK()) {
                    throw new ChainRejected(null, "Transaction " + hash + " was mined but reverted.");
                }
                if (blockNumber() - r.getBlockNumber().longValueExact() + 1 >= settings.confirmations()) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ChainUnavailable("Transaction " + hash + " has no receipt with " + settings.confirmations()
                        + " confirmations after " + settings.receiptTimeout().toSeconds() + " s; it will be checked again.");
            }
            sleep(settings.pollInterval().toMillis());
        }
    }

    /** Sign, send, wait: for transactions whose crash-safety does not matter (deploy, mint, claims in tests). */
    public TransactionReceipt execute(String to, String data) {
        SignedTransaction tx = withNonceLock(() -> {
            SignedTransaction signed = sign(to, data);
            broadcast(signed);
            return signed;
        });
        return awaitConfirmed(tx.hash());
    }

    public String deploy(String bytecode, List<Type> constructorArguments) {
        String data = Numeric.prependHexPrefix(bytecode) + FunctionEncoder.encodeConstructor(constructorArguments);
        return execute(null, data).getContractAddress();
    }

    // ---- failures ----

    /** Retries transient transport failures with exponential backoff; JSON-RPC errors are answers, not retried. */
    private <R extends Response<?>> R rpc(String what, Supplier<Request<?, R>> request) {
        Exception last = null;
        for (int attempt = 1; attempt <= settings.rpcAttempts(); attempt++) {
            try {
                return request.get().send();
            } catch (IOException | ClientConnectionException e) {
                last = e;
                if (attempt < settings.rpcAttempts()) {
                    sleep(200L << (attempt - 1));
                }
            }
        }
        throw new ChainUnavailable("The chain's RPC endpoint did not answer " + what + " after " + settings.rpcAttempts()
                + " attempts (" + (last == null ? "no attempt" : last.getMessage()) + "). Nothing was changed; retry later.");
    }

    private static ChainRejected rejected(String what, String revertData, String message) {
        String name = null;
        String explained = null;
        // nodes differ in how they wrap the revert bytes ("0x…", "\"0x…\"", {"data": "0x…"}): take the first hex run
        java.util.regex.Matcher hex = REVERT_HEX.matcher(revertData == null ? "" : revertData);
        revertData = hex.find() ? hex.group() : null;
        if (revertData != null && revertData.length() >= 10) {
            name = ERRORS.get(revertData.substring(0, 10).toLowerCase());
            if (name != null) {
                explained = name.substring(0, name.indexOf('(')) + describeArguments(name, revertData.substring(10));
            }
        }
        String detail = "The chain refused the " + what + ": "
                + (explained != null ? explained : message != null ? message : "reverted without a reason") + ".";
        return new ChainRejected(name == null ? null : name.substring(0, name.indexOf('(')), detail);
    }

    /** Static arguments only (all our errors' are): one 32-byte word each, shown as a number or an address. */
    private static String describeArguments(String signature, String words) {
        String inside = signature.substring(signature.indexOf('(') + 1, signature.length() - 1);
        if (inside.isEmpty()) {
            return "";
        }
        List<String> shown = new ArrayList<>();
        String[] types = inside.split(",");
        for (int i = 0; i < types.length && (i + 1) * 64 <= words.length(); i++) {
            String word = words.substring(i * 64, (i + 1) * 64);
            shown.add(types[i].equals("address") ? "0x" + word.substring(24)
                    : types[i].equals("bytes32") ? "0x" + word : new BigInteger(word, 16).toString());
        }
        return "(" + String.join(", ", shown) + ")";
    }

    private static Map<String, String> errorSelectors(String... signatures) {
        Map<String, String> selectors = new LinkedHashMap<>();
        for (String signature : signatures) {
            selectors.put(Hash.sha3String(signature).substring(0, 10), signature);
        }
        return Map.copyOf(selectors);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUnavailable("Interrupted while waiting for the chain.");
        }
    }
}
