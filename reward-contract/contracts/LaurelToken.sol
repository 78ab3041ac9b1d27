// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title LaurelToken
/// @notice The ERC-20 token Laurel pays labelers in.
/// @dev Supply is created only by accounts holding MINTER_ROLE (typically the payout service,
///      which mints an epoch's total straight into the EpochDistributor). The admin holds
///      DEFAULT_ADMIN_ROLE and decides who may mint, so a leaked minter key can be revoked
///      without redeploying the token.
contract LaurelToken is ERC20, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @param admin receives DEFAULT_ADMIN_ROLE; it does not get MINTER_ROLE implicitly, so minting
    ///        rights are always an explicit, auditable grant.
    constructor(address admin) ERC20("Laurel", "LAUREL") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }
}
