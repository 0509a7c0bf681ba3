print("restockd")
