"""The server the tutorials describe: FastAPI + uvicorn, a pickled scikit-learn model, one /predict endpoint.
uvicorn fastapi_server:app --port 9202 (MODEL=path/to/model.pkl)."""
import os
import pickle
from typing import List

import numpy as np
from fastapi import FastAPI
from pydantic import BaseModel

with open(os.environ.get("MODEL", "iris.pkl"), "rb") as f:
    model = pickle.load(f)

app = FastAPI()


class Instances(BaseModel):
    instances: List[List[float]]


@app.post("/predict")
def predict(body: Instances):
    return {"predictions": model.predict(np.array(body.instances)).tolist()}
