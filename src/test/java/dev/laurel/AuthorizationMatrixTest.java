package dev.laurel;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Authorization, enumerated: every JAX-RS endpoint of {@code dev.laurel} (API and pages) against five principals,
 * each cell checked over HTTP.
 *
 * <h2>The endpoints</h2>
 * Found by reflection over the compiled classes ({@code target/classes}): every class with {@code @Path}, every
 * method with an HTTP-method annotation ({@code @GET}, {@code @POST}, … — anything meta-annotated {@code @HttpMethod}),
 * class and method {@code @Path} joined, path-parameter regexes dropped. Quarkus' management endpoints under
 * {@code /q/*} (health, metrics, OpenAPI, Swagger UI) are not JAX-RS resources of ours and are out of this matrix;
 * form login's {@code /j_security_check} is Quarkus' too.
 *
 * <h2>The matrix</h2>
 * {@link #MATRIX}: one row per request, {@code METHOD path ANON LABELER OWNER OTHER ADMIN}. The path names the objects
 * it is made with — {@code {campaign}}, {@code {candidate}}, … (see {@link World}) — all owned by team A; it matches
 * the endpoint whose template has the same shape (any {@code {param}} matches any {@code {param}}), and an endpoint may
 * have several rows (a draft and an open campaign, a query string). An endpoint without a row fails
 * {@link #everyEndpointHasARowAndEveryRowAnEndpoint}, naming it; so does a row that matches no endpoint. To add an
 * endpoint, add a row (and, if it takes a new kind of object, a placeholder in {@link World#placeholders}).
 * Options after the path: {@code body=…} replaces the default request body (below); {@code about={object}} names the
 * object that a {@code HIDDEN} cell must not show; {@code fresh} calls with a login session of its own (the row may end
 * sessions: a logout), and every principal logs in anew after the row.
 *
 * <h2>The principals</h2>
 * ANON, no credentials; LABELER, a labeler; OWNER, a modeler of team A, which owns every object in the paths;
 * OTHER, a modeler of team B; ADMIN. {@code /api} is called with each one's API token (Bearer), pages with each one's
 * form-login session cookie, its CSRF token and this instance's {@code Origin}, as a browser on our own pages sends them.
 *
 * <h2>The outcomes</h2>
 * <ul>
 * <li>{@code 401}, {@code 403}, {@code 404}: denied with exactly that status. 404 is the denial for another team's
 * objects (and a labeler's view of a draft campaign): it hides that they exist.</li>
 * <li>{@code LOGIN}: denied a page, sent to log in: 302 or 303 to {@code /login}.</li>
 * <li>{@code ALLOW}: let through to the feature. Any status but 401, 403, 404, a redirect to {@code /login} or a 5xx:
 * the requests carry no valid body on purpose (nothing must change), so 400, 409, 415 and 422 are answers of an
 * allowed caller; 404 is not, because every object in the path exists.</li>
 * <li>{@code REACH}: as ALLOW, but 404 too is an answer of the feature, where the object is the caller's own and
 * they have none (a labeler's claim in an epoch where they earned nothing) or the id is made up ({@code {missing}}).</li>
 * <li>{@code HIDDEN}: as ALLOW, and the answer does not show the row's {@code about} object — not its id as a JSON
 * {@code …id} field, not in a link, not its name: lists and pages show a caller only what they may open.</li>
 * </ul>
 * The default body is one that no endpoint accepts, so no call changes anything it should not: {@code []} for JSON
 * (every JSON endpoint takes an object), an empty body for text uploads, {@code probe=1} for forms, one unnamed
 * part for multipart. Requests send the content type the method {@code @Consumes}, so 415 never hides an
 * authorization answer. Where a team's check comes after the body is read (the service looks the object up), a
 * body the endpoint refuses would answer 400 to everyone and hide the 404: such rows give a valid, harmless body
 * with {@code body=…}. Every GET row is also sent as HEAD by ANON and OTHER, and must get the GET's status. Every
 * other row is first sent with the session cookie of a principal it lets through but without the session's CSRF
 * token, and must be refused (403) for that.
 * What each principal got is written to {@code target/authorization-matrix.txt}.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    static final String MATRIX = """
            # METHOD path                                                   ANON   LABELER OWNER  OTHER  ADMIN
            # ---- account ----
            GET    /                                                        ALLOW  ALLOW   ALLOW  ALLOW  ALLOW
            GET    /login                                                   ALLOW  ALLOW   ALLOW  ALLOW  ALLOW
            GET    /register                                                ALLOW  ALLOW   ALLOW  ALLOW  ALLOW
            POST   /register                                                ALLOW  ALLOW   ALLOW  ALLOW  ALLOW
            POST   /j_security_check                                        LOGIN  LOGIN   LOGIN  LOGIN  LOGIN  # a wrong login: back to the form
            POST   /logout fresh                                            LOGIN  LOGIN   LOGIN  LOGIN  LOGIN  # logging out: to the login page
            POST   /account/logout-everywhere fresh                         LOGIN  LOGIN   LOGIN  LOGIN  LOGIN  # likewise
            GET    /account                                                 LOGIN  ALLOW   ALLOW  ALLOW  ALLOW
            POST   /account/password                                        LOGIN  ALLOW   ALLOW  ALLOW  ALLOW
            GET    /account/tokens                                          LOGIN  ALLOW   ALLOW  ALLOW  ALLOW
            POST   /account/tokens                                          LOGIN  ALLOW   ALLOW  ALLOW  ALLOW
            GET    /account/tokens about={ownerToken}                       LOGIN  HIDDEN  ALLOW  HIDDEN HIDDEN
            POST   /account/tokens/{token}/revoke                           LOGIN  404     ALLOW  404    404
            GET    /api/me                                                  401    ALLOW   ALLOW  ALLOW  ALLOW
            GET    /api/me/settings                                         401    ALLOW   ALLOW  ALLOW  ALLOW
            PUT    /api/me/settings                                         401    ALLOW   ALLOW  ALLOW  ALLOW
            POST   /api/me/password                                         401    ALLOW   ALLOW  ALLOW  ALLOW
            GET    /api/users                                               401    403     403    403    ALLOW
            POST   /api/users                                               401    403     403    403    ALLOW
            POST   /api/users/{victim}/disable                              401    403     403    403    ALLOW
            POST   /api/users/{victim}/enable                               401    403     403    403    ALLOW
            POST   /api/tokens                                              401    ALLOW   ALLOW  ALLOW  ALLOW
            GET    /api/tokens about={ownerToken}                           401    HIDDEN  ALLOW  HIDDEN HIDDEN
            DELETE /api/tokens/{token}                                      401    404     ALLOW  404    404
            POST   /api/invites                                             401    403     403    403    ALLOW
            GET    /api/invites                                             401    403     403    403    ALLOW
            DELETE /api/invites/{missing}                                   401    403     403    403    REACH
            GET    /api/registrations/pending                               401    403     403    403    ALLOW
            POST   /api/registrations/{missing}/approve                     401    403     403    403    REACH
            POST   /api/registrations/{missing}/reject                      401    403     403    403    REACH
            GET    /admin/registrations                                     LOGIN  403     403    403    ALLOW
            POST   /admin/registrations/invites                             LOGIN  403     403    403    ALLOW
            POST   /admin/registrations/invites/{missing}/revoke            LOGIN  403     403    403    REACH
            POST   /admin/registrations/{missing}/approve                   LOGIN  403     403    403    REACH
            POST   /admin/registrations/{missing}/reject                    LOGIN  403     403    403    REACH
            GET    /admin/users                                             LOGIN  403     403    403    ALLOW
            GET    /admin/users?q=victim&role=labeler                       LOGIN  403     403    403    ALLOW
            POST   /admin/users                                             LOGIN  403     403    403    ALLOW
            POST   /admin/users/teams                                       LOGIN  403     403    403    ALLOW
            GET    /admin/users/{victim}                                    LOGIN  403     403    403    ALLOW
            GET    /admin/users/{missing}                                   LOGIN  403     403    403    REACH
            POST   /admin/users/{victim}/role                               LOGIN  403     403    403    ALLOW
            POST   /admin/users/{victim}/disable                            LOGIN  403     403    403    ALLOW
            POST   /admin/users/{victim}/enable                             LOGIN  403     403    403    ALLOW
            POST   /admin/users/{victim}/password                           LOGIN  403     403    403    ALLOW
            POST   /api/account/wallet/challenge                            401    ALLOW   ALLOW  ALLOW  ALLOW
            POST   /api/account/wallet                                      401    ALLOW   ALLOW  ALLOW  ALLOW
            GET    /api/account/wallet                                      401    REACH   REACH  REACH  REACH
            # ---- campaigns ----
            GET    /campaigns                                               LOGIN  ALLOW   ALLOW  ALLOW  ALLOW
            GET    /campaigns about={campaign}                              LOGIN  ALLOW   ALLOW  HIDDEN ALLOW
            GET    /campaigns about={draft}                                 LOGIN  HIDDEN  ALLOW  HIDDEN ALLOW
            GET    /campaigns/{campaign}                                    LOGIN  403     ALLOW  404    ALLOW
            GET    /campaigns/{campaign}/progress                           LOGIN  403     ALLOW  404    ALLOW
            GET    /campaigns/{campaign}/activity                           LOGIN  403     ALLOW  404    ALLOW
            GET    /campaigns/new                                           LOGIN  403     ALLOW  ALLOW  ALLOW
            POST   /campaigns/new/check                                     LOGIN  403     ALLOW  ALLOW  ALLOW
            POST   /campaigns/new                                           LOGIN  403     ALLOW  ALLOW  403
            POST   /api/campaigns/{draft}/pause                             401    403     ALLOW  404    ALLOW  # a draft: 409, nothing changes
            POST   /api/campaigns/{draft}/resume                            401    403     ALLOW  404    ALLOW
            POST   /api/campaigns/{draft}/close                             401    403     ALLOW  404    ALLOW
            POST   /api/campaigns                                           401    403     ALLOW  ALLOW  403
            GET    /api/campaigns about={campaign}                          401    ALLOW   ALLOW  HIDDEN ALLOW
            GET    /api/campaigns about={draft}                             401    HIDDEN  ALLOW  HIDDEN ALLOW
            GET    /api/campaigns/{campaign}                                401    ALLOW   ALLOW  404    ALLOW
            GET    /api/campaigns/{draft}                                   401    404     ALLOW  404    ALLOW
            POST   /api/campaigns/{draft}/prompts                           401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/prompts                        401    403     ALLOW  404    ALLOW
            POST   /api/campaigns/{campaign}/imports/arena                  401    403     ALLOW  404    ALLOW
            POST   /api/campaigns/{campaign}/imports/labelstudio            401    403     ALLOW  404    ALLOW
            POST   /api/campaigns/{campaign}/imports/oasst                  401    403     ALLOW  404    ALLOW
            POST   /api/campaigns/{campaign}/open                           401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/progress                       401    403     ALLOW  404    ALLOW
            POST   /api/campaigns/{campaign}/assignments                    401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/assignments                    401    403     ALLOW  404    ALLOW
            # ---- datasets ----
            POST   /api/campaigns/{campaign}/datasets                       401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/datasets                       401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/datasets/{version}             401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/datasets/{version}/{file}      401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/datasets/{version}/huggingface.zip 401 403   ALLOW  404    ALLOW
            GET    /campaigns/{campaign}/datasets                           LOGIN  403     ALLOW  404    ALLOW
            POST   /api/reward-models/jobs/from-dataset                     401    403     ALLOW  ALLOW  403
            # ---- labeling ----
            GET    /play/{campaign}                                         LOGIN  ALLOW   403    403    403
            GET    /play/{draft}                                            LOGIN  404     403    403    403
            POST   /play/{campaign}/tasks/{task}/answer                     LOGIN  ALLOW   403    403    403
            POST   /play/{campaign}/tasks/{task}/diff                       LOGIN  REACH   403    403    403  # 404: the task is no correction
            POST   /play/{campaign}/tasks/{task}/skip                       LOGIN  ALLOW   403    403    403
            POST   /api/campaigns/{campaign}/tasks/next                     401    ALLOW   403    403    403
            POST   /api/campaigns/{draft}/tasks/next                        401    404     403    403    403
            POST   /api/campaigns/{campaign}/tasks/{task}/answer            401    ALLOW   403    403    403
            POST   /api/campaigns/{campaign}/tasks/{task}/skip              401    ALLOW   403    403    403
            # ---- game ----
            GET    /game/hud                                                LOGIN  ALLOW   403    403    403
            GET    /profile                                                 LOGIN  ALLOW   403    403    403
            GET    /quests                                                  LOGIN  ALLOW   403    403    403
            GET    /welcome                                                 LOGIN  ALLOW   403    403    403
            GET    /welcome/banner                                          LOGIN  ALLOW   403    403    403
            GET    /welcome/practice                                        LOGIN  ALLOW   403    403    403
            POST   /welcome/practice/{practice}                             LOGIN  ALLOW   403    403    403  # 400: probe=1 is no choice
            POST   /welcome/done                                            LOGIN  ALLOW   403    403    403
            GET    /leaderboards about={draft}                              LOGIN  HIDDEN  ALLOW  HIDDEN ALLOW
            GET    /leaderboards about={campaign}                           LOGIN  ALLOW   ALLOW  HIDDEN ALLOW
            GET    /leaderboards?campaign={campaign}                        LOGIN  ALLOW   ALLOW  404    ALLOW
            GET    /leaderboards?campaign={draft}                           LOGIN  404     ALLOW  404    ALLOW
            GET    /rules                                                   ALLOW  ALLOW   ALLOW  ALLOW  ALLOW
            GET    /admin/rules                                             LOGIN  403     403    403    ALLOW
            POST   /admin/rules/preview                                     LOGIN  403     403    403    ALLOW
            POST   /admin/rules  body=basePoints=not-a-number               LOGIN  403     403    403    ALLOW
            POST   /admin/rules/campaigns body=campaignId=not-a-number      LOGIN  403     403    403    ALLOW
            GET    /admin/quests                                            LOGIN  403     403    403    ALLOW
            POST   /admin/quests body=target=not-a-number                   LOGIN  403     403    403    ALLOW
            GET    /api/me/progress                                         401    ALLOW   403    403    403
            GET    /api/me/submissions/{submission}/points                  401    ALLOW   403    403    403
            GET    /api/me/quests                                           401    ALLOW   403    403    403
            GET    /api/leaderboards                                        401    ALLOW   ALLOW  ALLOW  ALLOW
            GET    /api/leaderboards?campaign={campaign}                    401    ALLOW   ALLOW  404    ALLOW
            GET    /api/leaderboards?campaign={draft}                       401    404     ALLOW  404    ALLOW
            GET    /api/rules                                               401    ALLOW   ALLOW  ALLOW  ALLOW
            POST   /api/admin/rules                                         401    403     403    403    ALLOW
            POST   /api/admin/rules/preview                                 401    403     403    403    ALLOW
            GET    /api/admin/rules/audit                                   401    403     403    403    ALLOW
            POST   /api/admin/quests                                        401    403     403    403    ALLOW
            GET    /api/admin/quests                                        401    403     403    403    ALLOW
            PUT    /api/admin/campaigns/{campaign}/reward                   401    403     403    403    ALLOW
            GET    /api/admin/campaigns/{campaign}/reward                   401    403     403    403    REACH
            # ---- arena: models of a campaign ----
            GET    /campaigns/{campaign}/leaderboard                        LOGIN  403     ALLOW  404    ALLOW
            GET    /campaigns/{campaign}/leaderboard/panel                  LOGIN  403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/leaderboard                    401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/leaderboard/win-rates          401    403     ALLOW  404    ALLOW
            GET    /api/leaderboard about={candidate}                       401    403     ALLOW  HIDDEN ALLOW
            POST   /api/candidates                                          401    403     ALLOW  ALLOW  403
            GET    /candidates about={candidate}                            LOGIN  403     ALLOW  HIDDEN ALLOW
            GET    /candidates/table about={candidate}                      LOGIN  403     ALLOW  HIDDEN ALLOW
            GET    /api/candidates about={candidate}                        401    403     ALLOW  HIDDEN ALLOW
            GET    /api/candidates/{candidate}                              401    403     ALLOW  404    ALLOW
            PUT    /api/candidates/{candidate}/artifact                     401    403     ALLOW  404    ALLOW
            POST   /api/candidates/{candidate}/campaigns/{campaign}         401    403     ALLOW  404    ALLOW
            POST   /api/candidates/{candidate}/campaigns/{campaign}/outputs 401    403     ALLOW  404    ALLOW
            DELETE /api/candidates/{candidate}/campaigns/{campaign}         401    403     ALLOW  404    ALLOW  # open: 409, it stays
            POST   /api/candidates/{candidate}/test-call body={"prompt":""} 401    403     ALLOW  404    ALLOW
            GET    /campaigns/{campaign}/candidates                         LOGIN  403     ALLOW  404    ALLOW
            GET    /campaigns/{campaign}/generation                         LOGIN  403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/generation                     401    403     ALLOW  404    ALLOW
            # ---- quality ----
            GET    /me/flags                                                LOGIN  ALLOW   ALLOW  ALLOW  ALLOW
            GET    /api/me/flags                                            401    ALLOW   ALLOW  ALLOW  ALLOW
            GET    /campaigns/{campaign}/quality                            LOGIN  403     ALLOW  404    ALLOW
            GET    /campaigns/{campaign}/quality/settings                   LOGIN  403     ALLOW  404    ALLOW
            POST   /campaigns/{campaign}/quality/settings/check             LOGIN  403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/quality                        401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/quality/settings               401    403     ALLOW  404    ALLOW
            PUT    /api/campaigns/{campaign}/quality/settings body={}       401    403     ALLOW  404    ALLOW
            POST   /api/campaigns/{campaign}/gold                           401    403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/gold                           401    403     ALLOW  404    ALLOW
            GET    /admin/labelers/{labeler}/quality                        LOGIN  403     403    403    ALLOW
            GET    /api/admin/labelers/{labeler}/quality                    401    403     403    403    ALLOW
            GET    /admin/flags                                             LOGIN  403     403    403    ALLOW
            POST   /admin/flags/{missing}/warn                              LOGIN  403     403    403    REACH
            POST   /admin/flags/{missing}/drop                              LOGIN  403     403    403    REACH
            POST   /admin/flags/{missing}/suspend                           LOGIN  403     403    403    REACH
            POST   /admin/flags/{missing}/clear                             LOGIN  403     403    403    REACH
            POST   /api/admin/quality/recompute                             401    403     403    403    ALLOW
            # ---- reward models ----
            GET    /reward-models about={job}                               LOGIN  403     ALLOW  HIDDEN ALLOW
            POST   /reward-models/jobs                                      LOGIN  403     ALLOW  ALLOW  403
            GET    /reward-models/jobs/{job}                                LOGIN  403     ALLOW  404    ALLOW
            GET    /reward-models/jobs/{job}/live                           LOGIN  403     ALLOW  404    ALLOW
            POST   /reward-models/{model}/activate                          LOGIN  403     ALLOW  404    ALLOW
            POST   /api/reward-models/jobs                                  401    403     ALLOW  ALLOW  403
            POST   /api/reward-models/scorers                               401    403     ALLOW  ALLOW  403
            GET    /api/reward-models/scorers about={scorer}                401    403     ALLOW  HIDDEN ALLOW
            GET    /api/reward-models/scorers/{scorer}                      401    403     ALLOW  404    ALLOW
            GET    /api/reward-models/jobs about={job}                      401    403     ALLOW  HIDDEN ALLOW
            GET    /api/reward-models/jobs/{job}                            401    403     ALLOW  404    ALLOW
            GET    /api/reward-models about={model}                         401    403     ALLOW  HIDDEN ALLOW
            GET    /api/reward-models/{model}                               401    403     ALLOW  404    ALLOW
            POST   /api/reward-models/{model}/activate                      401    403     ALLOW  404    ALLOW
            POST   /api/reward-models/{model}/score body={"items":[]}       401    403     ALLOW  404    ALLOW
            GET    /api/reward-models/{model}/scores/{missing}              401    403     REACH  404    REACH
            GET    /campaigns/{campaign}/generation/rewards                 LOGIN  403     ALLOW  404    ALLOW
            GET    /api/campaigns/{campaign}/generation/rewards             401    403     ALLOW  404    ALLOW
            # ---- payout ----
            GET    /payout                                                  LOGIN  ALLOW   403    403    403
            GET    /payout/admin                                            LOGIN  403     403    403    ALLOW
            POST   /payout/admin/cadence body=minReliability=not-a-number   LOGIN  403     403    403    ALLOW
            POST   /api/payout/epochs                                       401    403     403    403    ALLOW
            GET    /api/payout/epochs                                       401    403     403    403    ALLOW
            GET    /api/payout/epochs/{epoch}                               401    403     403    403    ALLOW
            PUT    /api/payout/epochs/{epoch}                               401    403     403    403    ALLOW
            POST   /api/payout/epochs/{epoch}/compute                       401    403     403    403    ALLOW
            POST   /api/payout/epochs/{epoch}/publish                       401    403     403    403    ALLOW
            POST   /api/payout/epochs/{epoch}/sweep                         401    403     403    403    ALLOW
            GET    /api/payout/cadence                                      401    403     403    403    REACH
            PUT    /api/payout/cadence                                      401    403     403    403    ALLOW
            GET    /api/payout/allocations                                  401    ALLOW   403    403    403
            GET    /api/payout/epochs/{epoch}/claim                         401    REACH   403    403    403
            POST   /api/payout/epochs/{epoch}/claim                         401    403     403    403    403  # relayed claims are off here
            GET    /api/payout/epochs/{epoch}/receipt                       401    REACH   403    403    403
            # ---- another labeler's work; objects of two teams, or of two campaigns, in one request ----
            GET    /api/me/submissions/{rivalSubmission}/points             401    404     403    403    403
            POST   /api/campaigns/{campaign}/tasks/{rivalTask}/answer body={"choice":"A"} 401 404 403 403 403
            POST   /api/campaigns/{campaign}/tasks/{rivalTask}/skip         401    404     403    403    403
            POST   /api/campaigns/{draft}/tasks/{task}/answer body={"choice":"A"}     401 404 403 403 403
            POST   /api/campaigns/{otherCampaign}/tasks/{task}/answer body={"choice":"A"} 401 404 403 403 403
            POST   /api/campaigns/{otherCampaign}/tasks/{task}/skip         401    404     403    403    403
            POST   /api/candidates/{candidate}/campaigns/{otherCampaign}    401    403     404    404    ALLOW
            POST   /api/candidates/{otherCandidate}/campaigns/{campaign}/outputs  401 403  404    404    ALLOW
            # ---- platform ----
            GET    /api/admin/events/parked                                 401    403     403    403    ALLOW
            POST   /api/admin/events/parked/{missing}/requeue               401    403     403    403    REACH
            """;

    enum Principal { ANON, LABELER, OWNER, OTHER, ADMIN }

    /** A discovered endpoint: its HTTP method, its path template and the media type its method consumes, if any. */
    record Endpoint(String method, String template, String consumes, String declaredIn) {
        String shape() {
            return shapeOf(template);
        }

        @Override
        public String toString() {
            return method + " " + template + "  (" + declaredIn + ")";
        }
    }

    /** A row of the matrix: the request (path with placeholders, maybe a query) and what each principal must get. */
    record Row(int line, String method, String request, String body, String about, boolean fresh, Map<Principal, String> expected) {
        String path() {
            int query = request.indexOf('?');
            return query < 0 ? request : request.substring(0, query);
        }

        String shape() {
            return method + " " + shapeOf(path());
        }

        boolean isApi() {
            return path().startsWith("/api/") || path().equals("/api");
        }

        @Override
        public String toString() {
            return method + " " + request + (body == null ? "" : " body=" + body) + (about == null ? "" : " about=" + about)
                    + (fresh ? " fresh" : "");
        }
    }

    private static final Set<String> OUTCOMES = Set.of("ALLOW", "HIDDEN", "REACH", "LOGIN", "401", "403", "404");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

    static String shapeOf(String template) {
        return template.replaceAll("\\{[^}]*}", "{}");
    }

    @Test
    void everyEndpointHasARowAndEveryRowAnEndpoint() throws IOException {
        List<Endpoint> endpoints = endpoints();
        assertTrue(endpoints.size() > 50, "found only " + endpoints.size() + " endpoints: is target/classes there?");
        Map<String, Endpoint> byShape = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            Endpoint clash = byShape.put(e.method() + " " + e.shape(), e);
            assertTrue(clash == null, "two endpoints of one shape: " + e + " and " + clash);
        }
        List<Row> rows = rows();
        Set<String> covered = rows.stream().map(Row::shape).collect(Collectors.toSet());
        List<String> missing = endpoints.stream().filter(e -> !covered.contains(e.method() + " " + e.shape()))
                .map(Endpoint::toString).sorted().toList();
        List<String> stray = rows.stream().filter(r -> !byShape.containsKey(r.shape()))
                .map(r -> "line " + r.line() + ": " + r).toList();
        if (!missing.isEmpty() || !stray.isEmpty()) {
            fail((missing.isEmpty() ? "" : "Endpoints missing from AuthorizationMatrixTest.MATRIX — add a row saying who may call each:\n  "
                    + String.join("\n  ", missing) + "\n")
                    + (stray.isEmpty() ? "" : "Rows of AuthorizationMatrixTest.MATRIX that match no endpoint:\n  "
                    + String.join("\n  ", stray)));
        }
    }

    @Test
    void everyCellOfTheMatrixHoldsOverHttp() throws IOException {
        Map<String, Endpoint> byShape = endpoints().stream()
                .collect(Collectors.toMap(e -> e.method() + " " + e.shape(), e -> e, (a, b) -> a));
        World world = new World();
        List<String> wrong = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        int cells = 0;
        for (Row row : rows()) {
            Endpoint endpoint = byShape.get(row.shape());
            if (endpoint == null) {
                continue; // reported by everyEndpointHasARowAndEveryRowAnEndpoint
            }
            StringBuilder seen = new StringBuilder(String.format("%-80s", row.toString()));
            String forged = csrfRefusalMissing(world, row, endpoint);
            if (forged != null) {
                wrong.add(forged);
            }
            for (Principal who : Principal.values()) {
                cells++;
                String expected = row.expected().get(who);
                String url = world.resolve(row.request());
                Response response = world.call(who, row, endpoint, url);
                String verdict = verdict(expected, response);
                seen.append(String.format(" %-8s", response.statusCode()));
                if (verdict == null && expected.equals("HIDDEN") && world.mentions(response.asString(), row.about())) {
                    verdict = response.statusCode() + " showing " + row.about();
                }
                // the control: the owner sees the object, so not seeing it elsewhere means something
                if (verdict == null && row.about() != null && who == Principal.OWNER
                        && !world.mentions(response.asString(), row.about())) {
                    verdict = response.statusCode() + " not showing " + row.about() + " to its owner: the HIDDEN cells prove nothing";
                }
                // HEAD is answered by the GET method (JAX-RS): it must be refused alike, not slip past
                if (verdict == null && row.method().equals("GET") && (who == Principal.ANON || who == Principal.OTHER)) {
                    Response head = world.call(who, row, endpoint, url, "HEAD");
                    if (head.statusCode() != response.statusCode()) {
                        verdict = "HEAD " + head.statusCode() + " where GET got " + response.statusCode();
                    }
                }
                if (verdict != null) {
                    wrong.add(String.format("%-7s %-62s expected %-5s got %s", who, row.method() + " " + row.request()
                            + (row.about() == null ? "" : " about=" + row.about()), expected, verdict));
                }
            }
            observed.add(seen.toString());
            if (row.fresh()) {
                world.logIn(); // the row may have ended every session of a principal
            }
        }
        // what each principal got, for people reading a failure (or checking that the cells mean something)
        Files.write(java.nio.file.Path.of("target", "authorization-matrix.txt"), observed);
        assertTrue(cells > 500, "only " + cells + " cells");
        System.out.printf("Authorization matrix: %d endpoints, %d rows, %d cells%n", byShape.size(), rows().size(), cells);
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " of " + cells + " cells of the authorization matrix do not hold:\n  " + String.join("\n  ", wrong));
        }
    }

    /**
     * A change (the login form aside) sent with the session cookie of a principal the row lets through, from Laurel's
     * own origin but without the session's CSRF token, must be refused as such (platform/CsrfTokens); null if it is.
     * Sent before the row's cells, it must change nothing they see.
     */
    private static String csrfRefusalMissing(World world, Row row, Endpoint endpoint) {
        Principal who = Stream.of(Principal.LABELER, Principal.OWNER, Principal.OTHER, Principal.ADMIN)
                .filter(p -> Set.of("ALLOW", "REACH", "HIDDEN").contains(row.expected().get(p))).findFirst().orElse(null);
        if (who == null || Set.of("GET", "HEAD", "OPTIONS").contains(row.method()) || row.path().equals("/j_security_check")) {
            return null;
        }
        Fixtures.Session session = row.fresh() ? world.newSession(who) : world.session(who);
        RequestSpecification request = Fixtures.browser().cookie("quarkus-credential", session.cookie()).redirects().follow(false);
        if (!row.method().equals("DELETE")) {
            request = World.withBody(request, endpoint.consumes(), row.body());
        }
        Response response = request.request(row.method(), world.resolve(row.request()));
        return response.statusCode() == 403 && response.asString().contains("security token") ? null
                : String.format("%-7s %-62s without the CSRF token got %d", who, row.method() + " " + row.request(),
                response.statusCode());
    }

    /** Rule history says what the formula is to everyone, and who published it only to admins. */
    @Test
    void ruleHistoryNamesItsPublisherOnlyToAdmins() {
        World world = new World();
        List<String> createdBy = as(Fixtures.adminToken()).get("/api/rules").then().statusCode(200)
                .extract().jsonPath().getList("createdBy", String.class);
        assertTrue(createdBy.stream().anyMatch(java.util.Objects::nonNull), "the admin sees who published each rule: " + createdBy);
        for (Principal who : List.of(Principal.LABELER, Principal.OWNER, Principal.OTHER)) {
            as(world.token(who)).get("/api/rules").then().statusCode(200)
                    .body("createdBy", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));
            String page = Fixtures.browser(world.session(who)).accept(ContentType.HTML).get("/rules")
                    .then().statusCode(200).extract().asString();
            for (String admin : createdBy) {
                if (admin != null) {
                    assertTrue(!page.contains(admin), who + " sees the publisher " + admin + " on /rules");
                }
            }
        }
    }

    /** null when the response is the outcome expected, else what it was instead. */
    static String verdict(String expected, Response response) {
        int status = response.statusCode();
        String location = response.header("Location");
        boolean toLogin = (status == 302 || status == 303) && location != null && URI.create(location).getPath().equals("/login");
        String got = status + (location == null ? "" : " → " + location);
        return switch (expected) {
            case "LOGIN" -> toLogin ? null : got;
            case "401", "403", "404" -> status == Integer.parseInt(expected) ? null : got + snippet(response);
            case "ALLOW", "HIDDEN", "REACH" -> {
                boolean denied = status == 401 || status == 403 || toLogin || status >= 500
                        || (status == 404 && !expected.equals("REACH"));
                yield denied ? got + snippet(response) : null;
            }
            default -> throw new IllegalArgumentException(expected);
        };
    }

    private static String snippet(Response response) {
        String body = response.asString();
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return "  «" + (flat.length() > 160 ? flat.substring(0, 160) + "…" : flat) + "»";
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String[] lines = MATRIX.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> tokens = new ArrayList<>(Arrays.asList(line.split("\\s+")));
            String body = null;
            String about = null;
            boolean fresh = false;
            while (tokens.size() > 2 && (tokens.get(2).startsWith("body=") || tokens.get(2).startsWith("about=")
                    || tokens.get(2).equals("fresh"))) {
                String option = tokens.remove(2);
                if (option.equals("fresh")) {
                    fresh = true;
                } else if (option.startsWith("body=")) {
                    body = option.substring("body=".length());
                } else {
                    about = option.substring("about=".length());
                }
            }
            if (tokens.size() != 2 + Principal.values().length) {
                throw new IllegalArgumentException("MATRIX line " + (i + 1) + ": METHOD path [body=…] and one outcome per principal: " + line);
            }
            Map<Principal, String> expected = new LinkedHashMap<>();
            for (Principal who : Principal.values()) {
                String outcome = tokens.get(2 + who.ordinal());
                if (!OUTCOMES.contains(outcome)) {
                    throw new IllegalArgumentException("MATRIX line " + (i + 1) + ": '" + outcome + "' is none of " + OUTCOMES);
                }
                expected.put(who, outcome);
            }
            if (expected.containsValue("HIDDEN") != (about != null)) {
                throw new IllegalArgumentException("MATRIX line " + (i + 1) + ": HIDDEN needs about={object}, and about= needs a HIDDEN cell");
            }
            rows.add(new Row(i + 1, tokens.get(0), tokens.get(1), body, about, fresh, expected));
        }
        return rows;
    }

    /** Every resource method of dev.laurel, from the compiled classes. */
    static List<Endpoint> endpoints() throws IOException {
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes");
        List<Endpoint> endpoints = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("dev/laurel"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.').replaceFirst("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String http = httpMethod(method);
                    if (http == null) {
                        continue;
                    }
                    Path sub = method.getAnnotation(Path.class);
                    Consumes consumes = method.getAnnotation(Consumes.class) != null ? method.getAnnotation(Consumes.class)
                            : type.getAnnotation(Consumes.class);
                    endpoints.add(new Endpoint(http, template(root.value(), sub == null ? "" : sub.value()),
                            consumes == null ? null : consumes.value()[0].split(",")[0].strip(), type.getSimpleName() + "." + method.getName()));
                }
            }
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    static String template(String root, String sub) {
        String joined = ("/" + root + "/" + sub).replaceAll("/+", "/");
        joined = joined.replaceAll("\\{\\s*([\\w.-]+)\\s*:[^}]*}", "{$1}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /**
     * Team A's objects, the five principals and their credentials, made through the public API. The matrix's
     * placeholders: {@code {campaign}} team A's open campaign, {@code {draft}} its draft one, {@code {candidate}},
     * {@code {model}} (a trained reward model), {@code {job}} (its training job), {@code {version}}/{@code {file}}
     * (a dataset snapshot of {@code {campaign}}), {@code {task}} (a task the labeler holds), {@code {submission}} (the
     * labeler's answer), {@code {rivalTask}}/{@code {rivalSubmission}} (another labeler's), {@code {otherCampaign}}/
     * {@code {otherCandidate}} (team B's), {@code {epoch}} (a payout epoch still to come), {@code {labeler}} (the
     * labeler's user id), {@code {victim}} (a new labeler at each call, for an admin to disable), {@code {ownerToken}} (an API token of the owner), {@code {token}} (a new token of the owner at
     * each call, since a call may revoke it), {@code {missing}} (an id nothing has) and {@code {practice}} (a built-in practice task of the onboarding).
     */
    static final class World {
        final Fixtures.User labeler = Fixtures.labeler();
        final Fixtures.User owner = Fixtures.modeler();
        final Fixtures.User other = Fixtures.modeler();
        final Map<Principal, Fixtures.Session> sessions = new LinkedHashMap<>();
        final Map<String, Supplier<String>> placeholders = new LinkedHashMap<>();
        /** The unique names of the objects that have one, which a page or a list shows. */
        final Map<String, String> names = new LinkedHashMap<>();

        World() {
            logIn();
        }

        /** A new login session for each principal. */
        void logIn() {
            for (Principal who : List.of(Principal.LABELER, Principal.OWNER, Principal.OTHER, Principal.ADMIN)) {
                sessions.put(who, newSession(who));
            }
        }

        private Fixtures.Session newSession(Principal who) {
            return switch (who) {
                case ANON -> null;
                case LABELER -> Fixtures.login(labeler.username(), Fixtures.PASSWORD);
                case OWNER -> Fixtures.login(owner.username(), Fixtures.PASSWORD);
                case OTHER -> Fixtures.login(other.username(), Fixtures.PASSWORD);
                case ADMIN -> Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
            };
        }

        String token(Principal who) {
            return switch (who) {
                case ANON -> null;
                case LABELER -> labeler.token();
                case OWNER -> owner.token();
                case OTHER -> other.token();
                case ADMIN -> Fixtures.adminToken();
            };
        }

        Fixtures.Session session(Principal who) {
            return sessions.get(who);
        }

        private boolean built;

        /** Builds team A's objects on first use (the cell test needs them, the rule test does not). */
        private void build() {
            if (built) {
                return;
            }
            built = true;
            int prompts = 6;
            long campaign = Fixtures.draftCampaign(owner, 1, null);
            Fixtures.uploadPrompts(owner, campaign, prompts);
            long candidate = Fixtures.candidateWithOutputs(owner, campaign, prompts, "terse");
            Fixtures.candidateWithOutputs(owner, campaign, prompts, "verbose");
            as(owner.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
            long draft = Fixtures.draftCampaign(owner, 1, null);

            // the labeler answers one task (a submission of theirs) and holds the next
            long answered = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next")
                    .then().statusCode(200).extract().jsonPath().getLong("taskId");
            long submission = as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", "A"))
                    .post("/api/campaigns/" + campaign + "/tasks/" + answered + "/answer")
                    .then().statusCode(201).extract().jsonPath().getLong("id");
            long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next")
                    .then().statusCode(200).extract().jsonPath().getLong("taskId");

            // another labeler's answer and held task, in the same campaign
            Fixtures.User rival = Fixtures.labeler();
            long rivalAnswered = as(rival.token()).post("/api/campaigns/" + campaign + "/tasks/next")
                    .then().statusCode(200).extract().jsonPath().getLong("taskId");
            long rivalSubmission = as(rival.token()).contentType(ContentType.JSON).body(Map.of("choice", "B"))
                    .post("/api/campaigns/" + campaign + "/tasks/" + rivalAnswered + "/answer")
                    .then().statusCode(201).extract().jsonPath().getLong("id");
            long rivalTask = as(rival.token()).post("/api/campaigns/" + campaign + "/tasks/next")
                    .then().statusCode(200).extract().jsonPath().getLong("taskId");

            // team B's own campaign (open: labelers see it) and candidate
            long otherCampaign = Fixtures.openCampaign(other, 2, 1, null);
            long otherCandidate = as(other.token()).contentType(ContentType.JSON)
                    .body(Map.of("name", Fixtures.unique("rival"), "kind", "UPLOADED_OUTPUTS"))
                    .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");

            var snapshot = as(owner.token()).post("/api/campaigns/" + campaign + "/datasets")
                    .then().statusCode(201).extract().jsonPath();
            int version = snapshot.getInt("version");
            String file = snapshot.getString("files[0].name");

            Instant now = Instant.now();
            long epoch = as(Fixtures.adminToken()).contentType(ContentType.JSON)
                    .body(Map.of("budget", "10", "windowStart", now.plusSeconds(3600).toString(),
                            "windowEnd", now.plusSeconds(7200).toString(), "claimDeadline", now.plusSeconds(10800).toString()))
                    .post("/api/payout/epochs").then().statusCode(201).extract().jsonPath().getLong("number");

            long job = as(owner.token()).contentType("application/jsonl").body(trainingFile())
                    .post("/api/reward-models/jobs?epochs=2&seed=1").then().statusCode(202).extract().jsonPath().getLong("id");
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String status = as(owner.token()).get("/api/reward-models/jobs/" + job).then().extract().path("status");
                return "SUCCEEDED".equals(status) || "FAILED".equals(status);
            });
            var done = as(owner.token()).get("/api/reward-models/jobs/" + job).then().statusCode(200).extract().jsonPath();
            assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
            long model = done.getLong("modelId");
            long scorer = as(owner.token()).contentType(ContentType.BINARY).body(new byte[] {1, 2, 3})
                    .post("/api/reward-models/scorers?maxBytes=128&embeddingSize=8&channels=16&hiddenSize=16")
                    .then().statusCode(202).extract().jsonPath().getLong("id");

            names.put("campaign", as(owner.token()).get("/api/campaigns/" + campaign).then().extract().path("name"));
            names.put("draft", as(owner.token()).get("/api/campaigns/" + draft).then().extract().path("name"));
            names.put("candidate", as(owner.token()).get("/api/candidates/" + candidate).then().extract().path("name"));
            placeholders.put("campaign", () -> String.valueOf(campaign));
            placeholders.put("draft", () -> String.valueOf(draft));
            placeholders.put("candidate", () -> String.valueOf(candidate));
            placeholders.put("task", () -> String.valueOf(task));
            placeholders.put("submission", () -> String.valueOf(submission));
            placeholders.put("version", () -> String.valueOf(version));
            placeholders.put("file", () -> file);
            placeholders.put("epoch", () -> String.valueOf(epoch));
            placeholders.put("job", () -> String.valueOf(job));
            placeholders.put("model", () -> String.valueOf(model));
            placeholders.put("scorer", () -> String.valueOf(scorer));
            placeholders.put("labeler", () -> String.valueOf(labeler.id()));
            placeholders.put("missing", () -> "987654321");
            placeholders.put("practice", () -> "b1"); // a built-in practice task of the onboarding
            placeholders.put("victim", () -> String.valueOf(as(Fixtures.adminToken()).contentType(ContentType.JSON)
                    .body(Map.of("username", Fixtures.unique("victim"), "password", Fixtures.PASSWORD, "role", "labeler"))
                    .post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id")));
            placeholders.put("rivalTask", () -> String.valueOf(rivalTask));
            placeholders.put("rivalSubmission", () -> String.valueOf(rivalSubmission));
            placeholders.put("otherCampaign", () -> String.valueOf(otherCampaign));
            placeholders.put("otherCandidate", () -> String.valueOf(otherCandidate));
            long ownerToken = as(owner.token()).contentType(ContentType.JSON).body(Map.of("name", "listed"))
                    .post("/api/tokens").then().statusCode(201).extract().jsonPath().getLong("id");
            placeholders.put("ownerToken", () -> String.valueOf(ownerToken));
            placeholders.put("token", () -> String.valueOf(as(owner.token()).contentType(ContentType.JSON)
                    .body(Map.of("name", "matrix")).post("/api/tokens").then().statusCode(201).extract().jsonPath().getLong("id")));
        }

        /**
         * Whether a response shows the object {@code about} ({@code {campaign}}…): as a JSON id ({@code "id": 7},
         * {@code "campaignId": 7}), in a link ({@code /campaigns/7}), or by its unique name.
         */
        boolean mentions(String body, String about) {
            build();
            String key = about.replaceAll("[{}]", "");
            String id = resolve(about);
            String name = names.get(key);
            return Pattern.compile("\"\\w*[iI]ds?\"\\s*:\\s*\\[?[\\d,\\s]*\\b" + id + "\\b").matcher(body).find()
                    || Pattern.compile("/" + id + "(?=[/\"?#])").matcher(body).find()
                    || (name != null && body.contains(name));
        }

        String resolve(String request) {
            build();
            Matcher m = PLACEHOLDER.matcher(request);
            StringBuilder url = new StringBuilder();
            while (m.find()) {
                Supplier<String> value = placeholders.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("MATRIX: no object for {" + m.group(1) + "} in " + request
                            + "; add it to World.placeholders");
                }
                m.appendReplacement(url, Matcher.quoteReplacement(value.get()));
            }
            m.appendTail(url);
            return url.toString();
        }

        Response call(Principal who, Row row, Endpoint endpoint, String url) {
            return call(who, row, endpoint, url, row.method());
        }

        Response call(Principal who, Row row, Endpoint endpoint, String url, String method) {
            RequestSpecification request = RestAssured.given().redirects().follow(false);
            if (row.isApi()) {
                if (who != Principal.ANON) {
                    request = as(token(who)).redirects().follow(false);
                }
            } else {
                Fixtures.Session session = who == Principal.ANON ? null : row.fresh() ? newSession(who) : session(who);
                request = (session == null ? Fixtures.browser() : Fixtures.browser(session))
                        .redirects().follow(false).accept(ContentType.HTML);
            }
            if (!row.method().equals("GET") && !row.method().equals("DELETE")) {
                request = withBody(request, endpoint.consumes(), row.body());
            }
            return request.request(method, url);
        }

        private static RequestSpecification withBody(RequestSpecification request, String consumes, String body) {
            String type = consumes == null || consumes.equals("*/*") ? "application/json" : consumes;
            if (type.startsWith("multipart/")) {
                return request.multiPart("probe", "1");
            }
            if (type.equals("application/x-www-form-urlencoded")) {
                return request.contentType(type).body(body == null ? "probe=1" : body);
            }
            // bytes: RestAssured will not encode a String as a content type it does not know (application/jsonl, text/csv)
            String text = body != null ? body : type.equals("application/json") ? "[]" : "";
            return request.contentType(type).body(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        private static String trainingFile() {
            String[] topics = {"bake bread", "fix a bike", "learn chess", "plant tomatoes", "write a letter", "paint a room",
                    "back up my photos", "sleep better", "prepare for an interview", "repot a plant"};
            List<String> lines = new ArrayList<>();
            for (String topic : topics) {
                String prompt = "How do I " + topic + "?";
                lines.add("{\"prompt\": \"" + prompt + "\", \"chosen\": \"Here is a simple way to " + topic
                        + ": gather what you need, then go step by step.\", \"rejected\": \"No idea. Search it yourself.\"}");
                lines.add("{\"prompt\": \"" + prompt + "\", \"chosen\": \"Start small, follow a clear plan to " + topic
                        + ".\", \"rejected\": \"Not my problem.\"}");
            }
            return String.join("\n", lines);
        }
    }

    /** Keeps the shape test honest: a template's parameter regex is dropped, and slashes are joined once. */
    @Test
    void templatesAreNormalised() {
        assertEquals("/api/campaigns/{id}/tasks", template("/api/campaigns/{id: \\d+}", "/tasks/"));
        assertEquals("/", template("/", ""));
        assertEquals("/api/x/{}", shapeOf("/api/x/{file}"));
    }
}
