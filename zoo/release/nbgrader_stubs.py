"""A step of ``nbgrader generate_assignment`` in the release's scratch course (``generate_release``): each answer
cell gets back its question's TODO block where ClearSolutions put nbgrader's code stub, so that nbgrader's own
ComputeChecksums, which runs after it, covers the text the student receives."""
from nbgrader.preprocessors import NbGraderPreprocessor

from zoo.release.nbgrader import replace_stubs


class PutBackTodoBlocks(NbGraderPreprocessor):  # enabled, as nbgrader's own steps
    def preprocess_cell(self, cell, resources, index):
        if "stubs" in cell.metadata.get("zoo", {}):
            replace_stubs(cell)
        return cell, resources
