// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title EpochDistributor
/// @notice Pays out Laurel rewards per epoch from a Merkle root of (account, amount) allocations.
/// @dev Leaves use the OpenZeppelin StandardMerkleTree encoding:
///      keccak256(bytes.concat(keccak256(abi.encode(account, amount)))), with sorted-pair hashing.
///      The double hash keeps a 64-byte leaf preimage from ever colliding with an inner node.
///      Every published epoch is fully funded at publish time: the distributor keeps
///      `outstanding` (sum of unclaimed amounts of all unswept epochs) so one epoch can never
///      spend tokens promised to another.
contract EpochDistributor is Ownable2Step, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Packed so that a claim reads `root` plus one slot (`unclaimed`, `deadline`, `swept`) and
    ///      writes only that slot. uint128 is ample for token amounts (3.4e20 tokens at 18 decimals).
    struct Epoch {
        bytes32 root;
        bytes32 provenance; // content hash of the allocation dataset + reward-rule version
        uint256 total;
        uint128 unclaimed; // total - claimed so far; left as-is by sweep so the claimed amount stays readable
        uint64 deadline; // unix seconds; claims allowed while block.timestamp <= deadline
        bool swept;
    }

    IERC20 public immutable token;

    /// @notice Sum of `unclaimed` over all published, unswept epochs: tokens already promised.
    uint256 public outstanding;

    mapping(uint256 epoch => Epoch) public epochs;
    mapping(uint256 epoch => mapping(address account => bool)) private _claimed;

    event EpochPublished(uint256 indexed epoch, bytes32 root, uint256 total, uint64 deadline, bytes32 provenance);
    event Claimed(uint256 indexed epoch, address indexed account, uint256 amount);
    event Swept(uint256 indexed epoch, address indexed to, uint256 amount);

    error EpochAlreadyPublished(uint256 epoch);
    error EpochNotPublished(uint256 epoch);
    error InvalidRoot();
    error InvalidDeadline(uint64 deadline);
    error TotalTooLarge(uint256 total);
    error InsufficientBalance(uint256 available, uint256 required);
    error AlreadyClaimed(uint256 epoch, address account);
    error InvalidProof();
    error ClaimDeadlinePassed(uint256 epoch, uint64 deadline);
    error ExceedsEpochTotal(uint256 epoch, uint256 amount, uint256 unclaimed);
    error DeadlineNotReached(uint256 epoch, uint64 deadline);
    error AlreadySwept(uint256 epoch);
    error ZeroAddress();

    constructor(IERC20 token_, address initialOwner) Ownable(initialOwner) {
        if (address(token_) == address(0)) revert ZeroAddress();
        token = token_;
    }

    /// @notice Publishes the allocation root of `epoch`. The distributor must already hold `total`
    ///         tokens that are not promised to another epoch (mint or transfer them in first).
    function publishEpoch(uint256 epoch, bytes32 root, uint256 total, uint64 deadline, bytes32 provenance)
        external
        onlyOwner
        whenNotPaused
    {
        // A root is immutable once published: labelers must be able to trust the proof they were given.
        if (epochs[epoch].root != bytes32(0)) revert EpochAlreadyPublished(epoch);
        // Zero root doubles as the "not published" marker and could never verify a proof anyway.
        if (root == bytes32(0)) revert InvalidRoot();
        if (deadline <= block.timestamp) revert InvalidDeadline(deadline);
        if (total > type(uint128).max) revert TotalTooLarge(total);

        uint256 balance = token.balanceOf(address(this));
        uint256 available = balance > outstanding ? balance - outstanding : 0;
        if (available < total) revert InsufficientBalance(available, total);

        outstanding += total;
        epochs[epoch] = Epoch({
            root: root,
            provenance: provenance,
            total: total,
            unclaimed: uint128(total),
            deadline: deadline,
            swept: false
        });
        emit EpochPublished(epoch, root, total, deadline, provenance);
    }

    /// @notice Pays `amount` to `account` for `epoch`. Anyone may submit (e.g. a relayer paying gas),
    ///         but the leaf binds the account, so tokens can only ever reach the allocated address.
    function claim(uint256 epoch, address account, uint256 amount, bytes32[] calldata proof)
        external
        whenNotPaused
        nonReentrant
    {
        Epoch storage e = epochs[epoch];
        bytes32 root = e.root;
        if (root == bytes32(0)) revert EpochNotPublished(epoch);
        if (block.timestamp > e.deadline) revert ClaimDeadlinePassed(epoch, e.deadline);
        if (_claimed[epoch][account]) revert AlreadyClaimed(epoch, account);

        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidProof();

        // A faulty tree whose leaves sum to more than `total` must not drain other epochs' funds.
        uint256 unclaimed = e.unclaimed;
        if (amount > unclaimed) revert ExceedsEpochTotal(epoch, amount, unclaimed);

        _claimed[epoch][account] = true;
        unchecked {
            // amount <= unclaimed <= outstanding, checked above / maintained by publish and sweep.
            e.unclaimed = uint128(unclaimed - amount);
            outstanding -= amount;
        }
        emit Claimed(epoch, account, amount);
        token.safeTransfer(account, amount);
    }

    /// @notice After the deadline, moves what was not claimed in `epoch` to `to` (e.g. the treasury
    ///         or the next epoch's pool). Allowed while paused so funds can be rescued.
    function sweep(uint256 epoch, address to) external onlyOwner nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        Epoch storage e = epochs[epoch];
        if (e.root == bytes32(0)) revert EpochNotPublished(epoch);
        if (block.timestamp <= e.deadline) revert DeadlineNotReached(epoch, e.deadline);
        if (e.swept) revert AlreadySwept(epoch);

        // Exactly total - claimed; no claim can follow because the deadline has passed.
        uint256 amount = e.unclaimed;
        e.swept = true;
        outstanding -= amount;
        emit Swept(epoch, to, amount);
        if (amount > 0) token.safeTransfer(to, amount);
    }

    function isClaimed(uint256 epoch, address account) external view returns (bool) {
        return _claimed[epoch][account];
    }

    /// @notice Amount paid out to claimants of `epoch` so far (excludes what was swept).
    function claimedAmount(uint256 epoch) external view returns (uint256) {
        Epoch storage e = epochs[epoch];
        return e.total - e.unclaimed;
    }

    function pause() external onlyOwner {
        _pause();
    }

    function unpause() external onlyOwner {
        _unpause();
    }
}
