# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: batchnorm
# expect: lose
# tests: test_bn_forward test_bn_backward
# why: bug: hands in nnlib's batch norm (switched off by the setup cell)
def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    return nnlib.normalization.batchnorm_forward(Z, gamma, beta, eps)


def batchnorm_backward(dout, cache):
    return nnlib.normalization.batchnorm_backward(dout, cache)
