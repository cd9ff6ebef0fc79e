package dev.baton.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.JobDefaults;
import dev.baton.contracts.messages.TrainingStrategy;
import dev.baton.gateway.support.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The console's page, its static files and the two read-only endpoints it needs: who the caller is,
 * and the defaults a submission gets. (The console's behaviour is proven in a real browser by the
 * cli module's ConsoleBrowserTest.)
 */
@QuarkusTest
class ConsoleTest {

    @Test
    void pageOffersEveryStrategyAndHeadAndLinksTheUplotWebjarWithoutAKey() {
        Response page = given().get("/console");
        page.then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<script type=\"module\" src=\"/console/main.js\"></script>"))
                .body(not(containsString("http://")), not(containsString("https://")));
        String html = page.asString();
        for (TrainingStrategy strategy : TrainingStrategy.values()) {
            assertOption(html, strategy.wireName());
        }
        for (HeadType head : HeadType.values()) {
            assertOption(html, head.wireName());
        }
        String uplot = html.replaceAll("(?s).*data-uplot=\"([^\"]+)\".*", "$1");
        given().get(uplot).then().statusCode(200).body(containsString("uPlot"));
        given().get(uplot.replace("uPlot.esm.js", "uPlot.min.css")).then().statusCode(200);
        for (String module : new String[] {"main", "api", "ui", "chart", "jobs", "job", "submit", "datasets", "models",
                "predict", "bases", "evaluation", "confirm"}) {
            given().get("/console/" + module + ".js").then().statusCode(200);
        }
        given().get("/console/console.css").then().statusCode(200);
    }

    private static void assertOption(String html, String value) {
        if (!html.contains("<option value=\"" + value + "\"")) {
            throw new AssertionError("the console offers no option " + value);
        }
    }

    @Test
    void meNamesTheCallersRolesAndRefusesAWrongKey() {
        ApiKeys.asAdmin().get("/api/v1/me").then().statusCode(200)
                .body("client", is("admin")).body("roles", contains("admin", "submitter", "viewer"));
        ApiKeys.asSubmitter().get("/api/v1/me").then().statusCode(200)
                .body("client", is("submitter")).body("roles", contains("submitter", "viewer"));
        ApiKeys.asViewer().get("/api/v1/me").then().statusCode(200)
                .body("client", is("viewer")).body("roles", contains("viewer"));
        given().header("X-API-Key", "not-a-key").get("/api/v1/me").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
        given().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void defaultsAreTheOnesASubmissionGets() {
        ApiKeys.asViewer().get("/api/v1/training-jobs/defaults").then().statusCode(200)
                .body("base", is(JobDefaults.BASE_NAME))
                .body("pretrained", is(JobDefaults.PRETRAINED))
                .body("strategy", is(JobDefaults.STRATEGY_NAME))
                .body("head", is(JobDefaults.HEAD_NAME))
                .body("epochs", is(JobDefaults.EPOCHS))
                .body("autoMaxEpochs", is(JobDefaults.AUTO_MAX_EPOCHS))
                .body("batchSize", is(JobDefaults.BATCH_SIZE))
                .body("learningRate", equalTo((float) JobDefaults.LEARNING_RATE))
                .body("imageSize", is(JobDefaults.IMAGE_SIZE))
                .body("augmentation", is(JobDefaults.AUGMENTATION))
                .body("autoAugmentation", is(JobDefaults.AUTO_AUGMENTATION))
                .body("seed", is((int) JobDefaults.SEED))
                .body("budgetMinutes", is(JobDefaults.BUDGET_MINUTES));
        given().get("/api/v1/training-jobs/defaults").then().statusCode(401);
    }
}
