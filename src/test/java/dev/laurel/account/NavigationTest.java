package dev.laurel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each role's menu links every page of its job, and only pages that role may open. */
@QuarkusTest
class NavigationTest {
    private static final Pattern NAV = Pattern.compile("<nav>(.*?)</nav>", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]+)\"");

    @Test
    void eachRoleSeesItsPagesAndEveryLinkOpens() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.User modeler = Fixtures.modeler();
        check(Fixtures.login(labeler.username(), Fixtures.PASSWORD),
                List.of("/campaigns", "/profile", "/quests", "/leaderboards", "/payout", "/account", "/account/tokens", "/q/swagger-ui"));
        check(Fixtures.login(modeler.username(), Fixtures.PASSWORD),
                List.of("/campaigns", "/candidates", "/reward-models", "/account", "/account/tokens", "/q/swagger-ui"));
        check(Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD),
                List.of("/campaigns", "/candidates", "/reward-models", "/admin/rules", "/admin/quests", "/payout/admin",
                        "/admin/users", "/admin/flags", "/admin/registrations", "/account", "/account/tokens",
                        "/q/swagger-ui"));
    }

    private static void check(Fixtures.Session session, List<String> expected) {
        String page = Fixtures.browser(session).accept(ContentType.HTML).get("/campaigns")
                .then().statusCode(200).extract().asString();
        Matcher nav = NAV.matcher(page);
        nav.find();
        List<String> links = new ArrayList<>();
        Matcher link = LINK.matcher(nav.group(1));
        while (link.find()) {
            links.add(link.group(1));
        }
        assertEquals(expected, links);
        for (String href : links) {
            Fixtures.browser(session).accept(ContentType.HTML).redirects().follow(true).get(href)
                    .then().statusCode(200);
        }
    }
}
