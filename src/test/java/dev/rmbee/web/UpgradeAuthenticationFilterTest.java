package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeAuthenticationFilterTest {

    @Test
    void anUpgradeNeverCreatesAnHttpSession() {
        List<Object> asked = new ArrayList<>();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getSession")) {
                        asked.add(args == null ? "getSession()" : args[0]);
                        return null; // no session exists
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        UpgradeAuthenticationFilter.WithoutHttpSession upgrade =
                new UpgradeAuthenticationFilter.WithoutHttpSession(request);
        assertNull(upgrade.getSession());
        assertNull(upgrade.getSession(true));
        assertEquals(List.of(false, false), asked, "only ever asked without creating");
    }
}
