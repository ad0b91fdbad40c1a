# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: summarise
# expect: full
# tests: test_summarise
# why: correct: a loop that drops the nans by hand
def summarise(result):
    out = {}
    for row, name in zip(result.test_accuracy, result.names):
        kept = np.array([a for a in row if not np.isnan(a)])
        out[name] = (float(kept.mean()), float(np.sqrt(((kept - kept.mean()) ** 2).mean())))
    return out
