# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: summarise
# expect: lose
# tests: test_summarise
# why: bug: np.mean / np.std, so one diverged seed makes everything nan
def summarise(result):
    return {name: (float(np.mean(result.test_accuracy[i])), float(np.std(result.test_accuracy[i])))
            for i, name in enumerate(result.names)}
