package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form of a request's rewards gives back every float as the model computed it. */
class ScoreRequestsTest {
    @Test
    void rewardsSurviveTheirStoredForm() {
        float[] rewards = {0.5f, -1.25f, 3.4028235E38f, -1.4E-45f, 0.1f, 0f};
        List<Double> back = ScoreRequests.parse(ScoreRequests.format(rewards));
        assertEquals(rewards.length, back.size());
        for (int i = 0; i < rewards.length; i++) {
            assertEquals((double) rewards[i], back.get(i), 0.0, "reward " + i + " of " + Arrays.toString(rewards));
        }
    }

    @Test
    void aRewardThatIsNoNumberIsStoredAsNullAndNothingAsNothing() {
        assertEquals(Arrays.asList(1.0, null), ScoreRequests.parse(ScoreRequests.format(new float[] {1f, Float.NaN})));
        assertEquals(List.of(), ScoreRequests.parse(ScoreRequests.format(new float[0])));
        assertNull(ScoreRequests.parse(null), "not scored yet");
    }
}
