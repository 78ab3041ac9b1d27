package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RolesTest {

    @Test
    void rolesAreReadFromACommaSeparatedList() {
        assertEquals(EnumSet.of(Roles.Role.WEB), Roles.parse("web"));
        assertEquals(EnumSet.of(Roles.Role.WEB, Roles.Role.WORKER, Roles.Role.CHAIN), Roles.parse(" web , Worker,chain "));
        assertEquals(EnumSet.of(Roles.Role.MIGRATE), Roles.parse("migrate"));
        Roles worker = new Roles("worker");
        assertTrue(worker.isWorker() && !worker.isWeb() && !worker.isChain());
        assertEquals("web,chain", new Roles("chain,web").toString());
    }

    @Test
    void aMisspelledOrEmptyListStopsTheProcessWithItsReason() {
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> Roles.parse("web,wroker"));
        assertTrue(typo.getMessage().contains("'wroker' is not a role"), typo.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Roles.parse(" , "));
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> Roles.parse("web,migrate"));
        assertTrue(mixed.getMessage().contains("'migrate' runs alone"), mixed.getMessage());
    }
}
