"""Print the answerer's refusal signals for the dev split, to choose thresholds (``python -m evals.calibrate``).

For every dev item: whether it is answerable, the best sentence's similarity, the support share, the
unknown names and numbers, and each unsaid word with its best neighbour similarity. Then, for a grid of
thresholds, the refusal accuracy and false-refusal rate on dev. Only the dev split is read: the test
split stays unseen until the report.
"""

from __future__ import annotations

import itertools
import sys

from evals.schema import load_gold


def main(gold: str = "evals/gold.jsonl") -> int:
    from rag.chain import Pipeline, QuestionError, check_question
    from rag.retrieve import contextualize
    from rag.settings import Settings

    settings = Settings()
    pipeline = Pipeline.load(settings)
    answerer = pipeline.answerer
    rows = []
    for item in (i for i in load_gold(gold) if i.split == "dev"):
        try:
            question = check_question(item.question, settings)
        except QuestionError:
            continue
        query = contextualize(question, [t.model_dump() for t in item.history], turns=settings.history_turns)
        docs = pipeline.retriever.search(query, pipeline._embed(query))
        _, signals = answerer.select(question, query, docs)
        rows.append((item, signals))
        unsaid = answerer.words.unsaid_words(answerer.aliases.resolve(question))
        print(f"{str(item.answerable):6} sim={signals.similarity:.2f} support={signals.support:.2f} "
              f"names={ {k: round(v, 2) for k, v in signals.names.items()} } numbers={list(signals.unknown_numbers)} "
              f"slot={signals.unfilled_slot} roles={signals.false_roles} task={signals.off_task} unsaid={unsaid} "
              f"| {item.question[:70]}")
    print("\nmin_similarity min_support name_neighbour -> refusal accuracy / false-refusal rate (dev)")
    grid = itertools.product((0.2, 0.25, 0.3, 0.35), (0.0, 0.3, 0.4, 0.5, 0.6), (0.5, 0.62, 0.75, 0.85, 1.01))
    results = []
    for sim, sup, name in grid:
        trial = settings.model_copy(update={"min_similarity": sim, "min_support": sup,
                                            "name_neighbour_similarity": name})
        refuse = {i.id: s.refuse(trial) for i, s in rows}
        neg = [refuse[i.id] for i, _ in rows if i.answerable is False]
        pos = [refuse[i.id] for i, _ in rows if i.answerable is True]
        results.append((sum(neg) / len(neg) - sum(pos) / len(pos), sim, sup, name, sum(neg) / len(neg),
                        sum(pos) / len(pos)))
    for gap, sim, sup, name, neg, pos in sorted(results, reverse=True)[:15]:
        print(f"  {sim:.2f} {sup:.2f} {name:.2f} -> {neg:.2f} / {pos:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
