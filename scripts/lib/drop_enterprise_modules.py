"""Remove Enterprise-licensed Odoo modules from a source tree before it is installed.

The suite runs on Odoo Community only. Some source trees carry Enterprise modules beside the
Community ones; this keeps them off the runtime's addons path, together with any module that
cannot be installed without them. A few modules of some trees carry an Enterprise licence
although Community modules depend on them (`certificate`): those are kept.
"""
import ast
import os
import shutil
import sys

KEEP = {"certificate"}


def main(root):
    addons = os.path.join(root, "odoo", "addons")
    manifests = {}
    for name in os.listdir(addons):
        path = os.path.join(addons, name, "__manifest__.py")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                manifests[name] = ast.literal_eval(f.read())
    drop = {
        name for name, manifest in manifests.items()
        if manifest.get("license", "LGPL-3").startswith("OEEL") and name not in KEEP
    }
    changed = True
    while changed:
        changed = False
        for name, manifest in manifests.items():
            if name not in drop and any(dep in drop for dep in manifest.get("depends", [])):
                drop.add(name)
                changed = True
    for name in sorted(drop):
        shutil.rmtree(os.path.join(addons, name))
    if drop:
        print(f"Left out {len(drop)} Enterprise-licensed modules (or modules needing them).")


if __name__ == "__main__":
    main(sys.argv[1])
