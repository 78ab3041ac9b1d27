package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RolesTest {
    @Test
    void eachRoleIsReadFromTheOneSwitch() {
        Roles chain = new Roles(" chain ,Web");
        assertTrue(chain.isChain());
        assertTrue(chain.isWeb());
        assertFalse(chain.isWorker());
    }

    @Test
    void anUnknownRoleStopsStartUp() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Roles("web,wokrer")).getMessage()
                .contains("unknown role 'wokrer'"));
    }
}
