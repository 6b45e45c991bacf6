"""The torchvision compatibility step: usable here, a plain import where torchvision is healthy."""
import subprocess
import sys


def run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_torchvision_models_and_transforms_import():
    result = run("from zoo.compat import import_torchvision\n"
                 "tv = import_torchvision()\n"
                 "from torchvision import models, transforms\n"
                 "print(models.resnet18(weights=None).fc.in_features, transforms.ToTensor().__class__.__name__)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["512", "ToTensor"]


def test_nothing_is_defined_when_torchvision_imports_cleanly():
    result = run("import sys, types, zoo.compat as c\n"
                 "sys.modules['torchvision'] = types.ModuleType('torchvision')\n"
                 "c.import_torchvision()\nprint(c._schemas is None)")
    assert result.stdout.strip() == "True", result.stderr
