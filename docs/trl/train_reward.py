#!/usr/bin/env python3
"""Train a reward model on a Laurel dataset snapshot with Hugging Face TRL's RewardTrainer.

Usage (on a machine with GPUs, next to the downloaded files):
    pip install "trl>=0.12" "transformers>=4.46" datasets accelerate pyyaml
    accelerate launch train_reward.py campaign-12-v3-trl-config.yaml

The YAML comes from GET /api/campaigns/{id}/datasets/{version}/trl-config.yaml; the pairs file from
GET /api/campaigns/{id}/datasets/{version}/pairs.jsonl. See docs/datasets.md.
"""
import hashlib
import sys

import yaml
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer
from trl import RewardConfig, RewardTrainer


def main(config_path):
    with open(config_path) as f:
        config = yaml.safe_load(f)
    data = config["dataset"]

    with open(data["data_files"], "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != data["sha256"]:
        sys.exit(f"{data['data_files']} has SHA-256 {digest}, the snapshot says {data['sha256']}: download it again")

    pairs = load_dataset("json", data_files=data["data_files"], split="train")

    # Hold out whole prompts, so no prompt is in both splits.
    def is_eval(row):
        key = hashlib.sha256(f"{data['split_seed']}:{row['prompt']}".encode()).digest()
        return int.from_bytes(key[:8], "big") / 2**64 < data["eval_fraction"]

    # Older TRL versions want the prompt inside "chosen" and "rejected" (an implicit prompt);
    # the Laurel file keeps it separate, so join them here. "margin" is used by the loss as is.
    def implicit_prompt(row):
        return {"chosen": row["prompt"] + "\n\n" + row["chosen"],
                "rejected": row["prompt"] + "\n\n" + row["rejected"]}

    train = pairs.filter(lambda row: not is_eval(row)).map(implicit_prompt, remove_columns=["prompt"])
    evaluation = pairs.filter(is_eval).map(implicit_prompt, remove_columns=["prompt"])

    model_name = config["model_name_or_path"]
    tokenizer = AutoTokenizer.from_pretrained(model_name)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForSequenceClassification.from_pretrained(model_name, num_labels=1)
    model.config.pad_token_id = tokenizer.pad_token_id

    trainer = RewardTrainer(
        model=model,
        args=RewardConfig(**config["reward_config"]),
        processing_class=tokenizer,
        train_dataset=train,
        eval_dataset=evaluation if len(evaluation) else None,
    )
    trainer.train()
    if len(evaluation):
        print(trainer.evaluate())
    trainer.save_model(config["reward_config"]["output_dir"])


if __name__ == "__main__":
    main(sys.argv[1])
