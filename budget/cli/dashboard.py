"""`budget dashboard`: serve the dashboard over the published copy of the warehouse."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from .options import Warehouse, finish

def dashboard(warehouse: Warehouse = "warehouse.duckdb",
              port: Annotated[int, typer.Option(envvar="DASHBOARD_PORT")] = 8501) -> None:
    """Publish a read-only copy first if none exists, then `streamlit run dashboard/app.py` on
    localhost (README "Dashboard"; DASHBOARD_PASSWORD asks for a password)."""
    from dashboard.data import DEFAULT_PUBLISHED as PUBLISHED

    if not Path(PUBLISHED).exists() and Path(warehouse).exists():
        from dashboard.publish import main as publish_main

        if publish_main(["--", str(warehouse)]) != 0:
            typer.echo("dashboard: nothing published; the page will say so until a build succeeds", err=True)
    env = dict(os.environ, DASHBOARD_WAREHOUSE=str(PUBLISHED))
    app = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
    finish(subprocess.call([sys.executable, "-m", "streamlit", "run", str(app),
                            "--server.port", str(port), "--server.address", "localhost",
                            "--server.headless", "true", "--browser.gatherUsageStats", "false",
                            "--client.toolbarMode", "minimal", "--server.maxUploadSize", "64"], env=env))
