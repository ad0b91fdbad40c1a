# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: summarise
# expect: lose
# tests: test_summarise
# why: bug: the sample std (ddof=1) where the population std is asked
def summarise(result):
    return {name: (float(np.nanmean(acc)), float(np.nanstd(acc, ddof=1)))
            for name, acc in zip(result.names, result.test_accuracy)}
