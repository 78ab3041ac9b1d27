package dev.laurel.dataset;

/**
 * A ready configuration for training a reward model on a snapshot's TRL pairs with Hugging Face
 * TRL's {@code RewardTrainer} on your own GPUs ({@code docs/trl/train_reward.py} reads it; see
 * {@code docs/datasets.md}). The {@code reward_config} block holds {@code trl.RewardConfig}
 * arguments; everything else is read by the launcher. Pure text, YAML.
 */
public final class TrlRewardConfig {
    /** A small instruct model that fits one GPU; any sequence-classification-capable model works. */
    static final String DEFAULT_BASE_MODEL = "Qwen/Qwen2.5-0.5B-Instruct";

    private TrlRewardConfig() {
    }

    public static String yaml(DatasetSnapshot snapshot) {
        String name = "campaign-" + snapshot.campaignId + "-v" + snapshot.version;
        return """
                # TRL RewardTrainer configuration for Laurel %1$s (%2$d preference pairs).
                # Download the pairs next to this file, then on a machine with GPUs:
                #   pip install "trl>=0.12" "transformers>=4.46" datasets accelerate pyyaml
                #   accelerate launch train_reward.py %1$s-trl-config.yaml
                # (train_reward.py is docs/trl/train_reward.py in the Laurel repository.)
                dataset:
                  data_files: %1$s-pairs.jsonl
                  sha256: %3$s           # of the pairs file; the launcher checks it
                  eval_fraction: 0.1     # held out by prompt: no prompt in both splits
                  split_seed: 42
                model_name_or_path: %4$s
                reward_config:           # trl.RewardConfig arguments
                  output_dir: reward-model-%1$s
                  num_train_epochs: 1
                  per_device_train_batch_size: 4
                  per_device_eval_batch_size: 4
                  gradient_accumulation_steps: 8
                  learning_rate: 1.0e-5
                  lr_scheduler_type: cosine
                  warmup_ratio: 0.03
                  max_length: 2048
                  center_rewards_coefficient: 0.01
                  gradient_checkpointing: true
                  bf16: true
                  eval_strategy: steps
                  eval_steps: 100
                  logging_steps: 10
                  save_strategy: steps
                  save_steps: 500
                  seed: 42
                  report_to: none
                """.formatted(name, snapshot.pairCount, snapshot.pairsSha256, DEFAULT_BASE_MODEL);
    }
}
