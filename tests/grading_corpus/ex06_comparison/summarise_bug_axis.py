# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: summarise
# expect: lose
# tests: test_summarise
# why: bug: the statistics over the initialisations instead of the seeds
def summarise(result):
    means, stds = np.nanmean(result.test_accuracy, axis=0), np.nanstd(result.test_accuracy, axis=0)
    return {name: (float(means[i]), float(stds[i])) for i, name in enumerate(result.names)}
